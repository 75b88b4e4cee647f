/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.Fault;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst reaching a runtime that knows nothing of the Intercom app yet, at Intercom's real limit
 * (1,666 calls per 10-second window) with a first answer 1.5 s late: the first call goes alone, the
 * others wait only for its answer, then go at the pace it allows, not one a second.
 */
@Order(4)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ColdStartE2eTest {

  static final int JOBS = 20;
  static final Duration FIRST_ANSWER_LATE = Duration.ofMillis(1500);

  final E2eStack stack = E2eStack.get();

  @Test
  void jobsWaitingForTheFirstAnswerGoAtThePaceItAllows() throws Exception {
    // Beside the stack's runtime (one execution thread), one with 8, as operators size a runtime
    // for bursts: jobs run at once while the first call waits for its answer.
    try (IntercomSandbox app =
            IntercomSandbox.builder().tokens(E2eStack.US_TOKEN).rateLimit(1666, 10).start();
        ConnectorRuntime eight =
            stack.startRuntime(Map.of(), Map.of("camunda.client.execution-threads", "8"))) {
      app.inject(Fault.slow(FIRST_ANSWER_LATE, 1));
      String processId =
          stack.deploy(
              stack.variant(E2eStack.ONBOARDING_BY_ID).input("connection.baseUrl", app.baseUrl()));
      String[] contacts = {ADA, GRACE, ALAN, KATHERINE};
      List<Long> instances = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        instances.add(
            stack.processes.start(
                processId,
                Map.of(
                    "contactId",
                    contacts[i % contacts.length],
                    "newsletterSubscriptionTypeId",
                    "108")));
      }
      for (long key : instances) {
        ProcessOutcome outcome = stack.processes.await(key, Duration.ofSeconds(60));
        assertThat(outcome.incidents()).isEmpty();
        assertThat(outcome.completed()).isTrue();
      }

      List<Instant> calls =
          app.journal().stream().map(IntercomSandbox.Received::at).sorted().toList();
      assertThat(calls).hasSize(JOBS);
      Duration afterTheFirstAnswer =
          Duration.between(calls.get(0).plus(FIRST_ANSWER_LATE), calls.get(JOBS - 1));
      System.out.printf(
          "cold start: %d calls, the last %d ms after the first answer (which came %d ms late)%n",
          JOBS, afterTheFirstAnswer.toMillis(), FIRST_ANSWER_LATE.toMillis());
      // One call a second, as a pace guessed before the answer would give, takes 19 s.
      assertThat(afterTheFirstAnswer)
          .as("the other %d calls once the answer told 1,665 calls were left", JOBS - 1)
          .isLessThan(Duration.ofSeconds(5));
    }
  }
}
