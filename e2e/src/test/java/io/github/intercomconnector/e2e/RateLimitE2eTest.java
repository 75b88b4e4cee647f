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

import io.github.intercomconnector.examples.ProcessOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A burst far beyond the rate limit completes without incidents and never exceeds the limit. */
@Order(4)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RateLimitE2eTest {

  static final int BURST = 200;
  static final String[] CONTACTS = {ADA, GRACE, ALAN, KATHERINE};

  final E2eStack stack = E2eStack.get();

  @Test
  void aBurstOf200InstancesCompletesWithinTheLimit() {
    String processId =
        stack.deploy(
            stack
                .variant(E2eStack.ONBOARDING_BY_ID)
                .input("connection.baseUrl", "{{secrets.INTERCOM_RATE_LIMITED_URL}}"));
    long started = System.nanoTime();
    List<Long> instances = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      instances.add(
          stack.processes.start(
              processId,
              Map.of(
                  "contactId",
                  CONTACTS[i % CONTACTS.length],
                  "newsletterSubscriptionTypeId",
                  "108")));
    }

    List<ProcessOutcome> outcomes = new ArrayList<>();
    for (long key : instances) {
      outcomes.add(stack.processes.await(key, Duration.ofSeconds(120)));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(outcomes).allSatisfy(o -> assertThat(o.incidents()).isEmpty());
    assertThat(outcomes).allSatisfy(o -> assertThat(o.endEventId()).isEqualTo("CustomerOnboarded"));
    assertThat(stack.rateLimited.maxRequestsInAWindow()).isLessThanOrEqualTo(E2eStack.RATE_LIMIT);
    assertThat(stack.rateLimited.journal()).hasSizeGreaterThanOrEqualTo(BURST);
    System.out.printf(
        "rate limit: %d instances in %d ms, at most %d requests per 1 s window (limit %d), %d answered 429%n",
        BURST,
        took.toMillis(),
        stack.rateLimited.maxRequestsInAWindow(),
        E2eStack.RATE_LIMIT,
        stack.rateLimited.rateLimitedCalls());
  }
}
