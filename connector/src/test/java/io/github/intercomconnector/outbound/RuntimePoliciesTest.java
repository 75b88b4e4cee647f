/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.connector.api.error.ConnectorRetryException;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operator's rate-limit policies: the share of each window, and how long waits keep retries.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RuntimePoliciesTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);

  /** The task on a platform thread of the runtime: a wait longer than 0.2 s is handed back. */
  private AttachSubscriptionFunction task(Map<String, String> settings) {
    return new AttachSubscriptionFunction(
        new TaskParts(
            Fixtures.client(sleeper, clock, Duration.ofMillis(200)), settings::get, clock));
  }

  private MockResponse answer(int remaining) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("X-RateLimit-Limit", "10")
        .addHeader("X-RateLimit-Remaining", String.valueOf(remaining))
        .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + 10))
        .body(SUBSCRIPTION_108)
        .build();
  }

  /** Attaches until a call is handed back to wait; returns how many calls were sent. */
  private int callsBeforeTheFirstWait(AttachSubscriptionFunction task) {
    for (int remaining = 9; remaining >= 0; remaining--) {
      server.enqueue(answer(remaining));
    }
    for (int i = 0; i < 10; i++) {
      FakeJob job = new FakeJob(70 + i, 3);
      ConnectorRetryException waited =
          catchThrowableOfType(
              ConnectorRetryException.class,
              () -> task.execute(job.around(Fixtures.context(Fixtures.attachVariables(server)))));
      if (waited != null) {
        break;
      }
    }
    return server.getRequestCount();
  }

  @Test
  void byDefaultTheWholeWindowIsSpent() {
    assertThat(RuntimePolicies.from(p -> null)).isEqualTo(RuntimePolicies.DEFAULT);
    assertThat(callsBeforeTheFirstWait(task(Map.of()))).isEqualTo(10);
  }

  @Test
  void aShareLeavesTheRestOfEachWindowToTheAppsOtherClients() {
    AttachSubscriptionFunction half = task(Map.of("intercom.connector.rate-limit.share", "0.5"));

    assertThat(callsBeforeTheFirstWait(half)).as("5 of the window's 10 calls").isEqualTo(5);
  }

  @Test
  void waitsKeepTheJobsRetriesAsLongAsTheOperatorSays() {
    AttachSubscriptionFunction task =
        task(Map.of("intercom.connector.rate-limit.wait-keeping-retries", "PT90S"));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-RateLimit-Limit", "1")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + 600))
            .body(SUBSCRIPTION_108)
            .build());
    task.execute(Fixtures.context(Fixtures.attachVariables(server)));
    FakeJob job = new FakeJob(41, 3);

    ConnectorRetryException first =
        catchThrowableOfType(
            ConnectorRetryException.class,
            () -> task.execute(job.around(Fixtures.context(Fixtures.attachVariables(server)))));
    clock.advance(Duration.ofSeconds(91));
    ConnectorRetryException beyond =
        catchThrowableOfType(
            ConnectorRetryException.class,
            () ->
                task.execute(
                    new FakeJob(41, 3).around(Fixtures.context(Fixtures.attachVariables(server)))));

    assertThat(first.getRetries()).isEqualTo(3);
    assertThat(beyond.getRetries()).isEqualTo(2);
    assertThat(beyond.getMessage())
        .contains("has waited for the rate limit longer than 90 seconds, so this wait spends");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "intercom.connector.rate-limit.share, 0, a number above 0 and at most 1 (e.g. 0.8)",
    "intercom.connector.rate-limit.share, 1.5, a number above 0 and at most 1 (e.g. 0.8)",
    "intercom.connector.rate-limit.share, half, a number above 0 and at most 1 (e.g. 0.8)",
    "intercom.connector.rate-limit.share, NaN, a number above 0 and at most 1 (e.g. 0.8)",
    "intercom.connector.rate-limit.wait-keeping-retries, 10m, an ISO 8601 duration from PT0S to"
        + " P1D (e.g. PT10M)",
    "intercom.connector.rate-limit.wait-keeping-retries, -PT1S, an ISO 8601 duration from PT0S to"
        + " P1D (e.g. PT10M)",
    "intercom.connector.rate-limit.wait-keeping-retries, P2D, an ISO 8601 duration from PT0S to"
        + " P1D (e.g. PT10M)"
  })
  void aBadValueStopsTheConnectorFromLoadingWithOneSentence(
      String property, String value, String expected) {
    assertThatThrownBy(() -> task(Map.of(property, value)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            property
                + " ("
                + RuntimeEnvironment.variableName(property)
                + "): expected "
                + expected
                + ", got '"
                + value
                + "'");
  }

  @Test
  void theEdgesAreAllowed() {
    assertThat(
            RuntimePolicies.from(
                Map.of(
                        "intercom.connector.rate-limit.share", "1",
                        "intercom.connector.rate-limit.wait-keeping-retries", "P1D")
                    ::get))
        .isEqualTo(new RuntimePolicies(1.0, Duration.ofDays(1)));
    assertThat(
            RuntimePolicies.from(
                Map.of(
                        "intercom.connector.rate-limit.share", "0.01",
                        "intercom.connector.rate-limit.wait-keeping-retries", "PT0S")
                    ::get))
        .isEqualTo(new RuntimePolicies(0.01, Duration.ZERO));
  }

  @Test
  void durationsReadAsPeopleSayThem() {
    assertThat(IntercomErrors.words(Duration.ofMinutes(10))).isEqualTo("10 minutes");
    assertThat(IntercomErrors.words(Duration.ofMinutes(1))).isEqualTo("1 minute");
    assertThat(IntercomErrors.words(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(IntercomErrors.words(Duration.ofHours(3))).isEqualTo("3 hours");
    assertThat(IntercomErrors.words(Duration.ofSeconds(90))).isEqualTo("90 seconds");
    assertThat(IntercomErrors.words(Duration.ofSeconds(1))).isEqualTo("1 second");
  }
}
