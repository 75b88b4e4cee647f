/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 5xx, dropped connections and timeouts are recovered by retries; an exhausted budget is an
 * incident.
 */
@Order(5)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TransientFaultsE2eTest {

  final E2eStack stack = E2eStack.get();

  @AfterEach
  void clear() {
    stack.faulty.clearFaults();
  }

  private String faultyOnboarding() {
    return stack.deploy(
        stack
            .variant(E2eStack.ONBOARDING_BY_ID)
            .input("connection.baseUrl", "{{secrets.INTERCOM_FAULTY_URL}}")
            .input("connection.readTimeoutSeconds", "=1")
            .header("retryBackoff", "PT1S"));
  }

  private ProcessOutcome run(String processId) {
    return stack.processes.run(
        processId,
        Map.of("contactId", ALAN, "newsletterSubscriptionTypeId", "108"),
        Duration.ofSeconds(60));
  }

  @Test
  void serverErrorsDroppedConnectionsAndTimeoutsAreRetried() {
    String processId = faultyOnboarding();
    int before = stack.faulty.journal().size();

    stack.faulty.inject(Fault.status(503, 2));
    assertThat(run(processId).endEventId()).isEqualTo("CustomerOnboarded");
    stack.faulty.inject(Fault.dropConnection(2));
    assertThat(run(processId).endEventId()).isEqualTo("CustomerOnboarded");
    stack.faulty.inject(Fault.slow(Duration.ofSeconds(3), 1)); // longer than the 1 s read timeout
    assertThat(run(processId).endEventId()).isEqualTo("CustomerOnboarded");
    // 503 twice, dropped twice, timed out once: each followed by a successful attempt
    assertThat(stack.faulty.journal().size() - before).isEqualTo(8);
    assertThat(stack.faulty.state().consents(ALAN)).containsEntry("108", "opt_in");
  }

  @Test
  void anExhaustedRetryBudgetEndsInAnIncidentThatSaysWhy() {
    // 3 attempts in the worker for each of the task's 3 job retries: 9 failures in all.
    stack.faulty.inject(Fault.status(503, 9));
    String processId = faultyOnboarding();
    int before = stack.faulty.journal().size();

    ProcessOutcome outcome = run(processId);

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.incidents()).hasSize(1);
    assertThat(outcome.incidents().get(0).errorType()).isEqualTo("JOB_NO_RETRIES");
    assertThat(outcome.incidents().get(0).errorMessage())
        .contains("INTERCOM_UNAVAILABLE")
        .contains("HTTP 503")
        .contains("after 3 attempts");
    assertThat(stack.faulty.journal().size() - before).isEqualTo(9);
  }
}
