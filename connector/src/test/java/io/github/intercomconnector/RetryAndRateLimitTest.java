/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.github.intercomconnector.client.RetryPolicy;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retries and waits, checked through the recorded waits: nothing here really sleeps. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetryAndRateLimitTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private AttachSubscriptionFunction function;

  @BeforeEach
  void setUp() {
    function = new AttachSubscriptionFunction(Fixtures.service(sleeper, clock));
  }

  private Object attach() throws Exception {
    return function.execute(Fixtures.context(Fixtures.attachVariables(server)));
  }

  private MockResponse rateLimited(String... headers) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(429)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"type\":\"error.list\",\"request_id\":\"rl\",\"errors\":[{\"code\":\"rate_limit_exceeded\",\"message\":\"Exceeded rate limit of 167 in 10_seconds\"}]}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  @Test
  void transientFailuresAreRetriedWithExponentialBackoff() throws Exception {
    server.enqueue(error(503, "service_unavailable", "Try later", "a"));
    server.enqueue(error(500, "server_error", "Oops", "b"));
    server.enqueue(json(200, SUBSCRIPTION_108));

    assertThat(attach()).isNotNull();

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void backoffIsJitteredAndCapped() {
    RetryPolicy low =
        new RetryPolicy(
            10,
            Duration.ofMillis(500),
            Duration.ofSeconds(4),
            Duration.ofSeconds(12),
            3,
            () -> 0.0,
            Duration.ofSeconds(12));
    RetryPolicy high =
        new RetryPolicy(
            10,
            Duration.ofMillis(500),
            Duration.ofSeconds(4),
            Duration.ofSeconds(12),
            3,
            () -> 0.999,
            Duration.ofSeconds(12));
    assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(400));
    assertThat(high.backoff(1)).isBetween(Duration.ofMillis(599), Duration.ofMillis(600));
    assertThat(low.backoff(2)).isEqualTo(Duration.ofMillis(800));
    assertThat(low.backoff(8)).isEqualTo(Duration.ofMillis(3200)); // 4 s cap, minus 20 %
    assertThat(high.backoff(30)).isBetween(Duration.ofMillis(4790), Duration.ofMillis(4800));
  }

  @Test
  void givesUpAfterThreeAttemptsAndLetsTheEngineRetry() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "Try later", "r" + i));
    }

    ConnectorException e = catchThrowableOfType(ConnectorException.class, this::attach);

    assertThat(e).isNotInstanceOf(ConnectorRetryException.class);
    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    assertThat(e.getMessage()).contains("after 3 attempts").contains("request_id r2");
    assertThat(e.getCause()).isNull(); // so the engine counts the job's retries down
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void a408IsRetried() throws Exception {
    server.enqueue(new MockResponse.Builder().code(408).build());
    server.enqueue(json(200, SUBSCRIPTION_108));

    attach();

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    server.enqueue(error(400, "parameter_invalid", "Bad", "x"));

    catchThrowableOfType(ConnectorException.class, this::attach);

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void a429WaitsAsLongAsRetryAfterSays() throws Exception {
    server.enqueue(rateLimited("Retry-After", "2"));
    server.enqueue(json(200, SUBSCRIPTION_108));

    attach();

    assertThat(server.getRequestCount()).isEqualTo(2);
    // 2 s, plus 0–20 % spread (here 10 %) and 50 ms
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(2250));
  }

  @Test
  void repeated429sAreNeverHammered() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(rateLimited("Retry-After", "0"));
    }

    ConnectorRetryException e = catchThrowableOfType(ConnectorRetryException.class, this::attach);

    // at least a second between 429s, and the job goes back to the engine after the third
    assertThat(sleeper.waits)
        .hasSize(3)
        .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.RATE_LIMITED);
  }

  @Test
  void a429WithoutRetryAfterWaitsForTheReset() throws Exception {
    long reset = clock.epochSecond() + 5;
    server.enqueue(
        rateLimited(
            "X-RateLimit-Limit", "167",
            "X-RateLimit-Remaining", "0",
            "X-RateLimit-Reset", String.valueOf(reset)));
    server.enqueue(json(200, SUBSCRIPTION_108));

    attach();

    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aResetFarAwayHandsTheJobBackToTheEngine() {
    long reset = clock.epochSecond() + 60;
    server.enqueue(
        rateLimited(
            "X-RateLimit-Limit", "167",
            "X-RateLimit-Remaining", "0",
            "X-RateLimit-Reset", String.valueOf(reset)));

    ConnectorRetryException e = catchThrowableOfType(ConnectorRetryException.class, this::attach);

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.RATE_LIMITED);
    assertThat(e.getBackoffDuration()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(73));
    assertThat(e.getRetries()).as("not told the job's retries").isNull();
    assertThat(e.getMessage())
        .contains("rate_limit_exceeded")
        .endsWith("which the runtime counts as one of its retries");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aUsedUpWindowMakesTheNextCallWaitBeforeSending() throws Exception {
    long reset = clock.epochSecond() + 3;
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-RateLimit-Limit", "2")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", String.valueOf(reset))
            .body(SUBSCRIPTION_108)
            .build());
    server.enqueue(json(200, SUBSCRIPTION_108));

    attach();
    assertThat(sleeper.waits).isEmpty();
    attach();

    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(4));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theRemainingCallsOfAWindowAreSpentWithoutWaiting() throws Exception {
    long reset = clock.epochSecond() + 10;
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("X-RateLimit-Limit", "3")
            .addHeader("X-RateLimit-Remaining", "2")
            .addHeader("X-RateLimit-Reset", String.valueOf(reset))
            .body(SUBSCRIPTION_108)
            .build());
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(200, SUBSCRIPTION_108));
    }

    attach(); // learns: 2 left until reset
    attach();
    attach();
    assertThat(sleeper.waits).isEmpty();
    attach(); // the window is used up: wait for its reset first

    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
  }

  /** A used-up window that resets in {@code seconds}: the next call is not sent. */
  private void windowUsedUp(long seconds) throws Exception {
    windowUsedUp(function, seconds);
  }

  private void windowUsedUp(AttachSubscriptionFunction task, long seconds) throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-RateLimit-Limit", "1")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + seconds))
            .body(SUBSCRIPTION_108)
            .build());
    task.execute(Fixtures.context(Fixtures.attachVariables(server)));
  }

  private ConnectorRetryException handedBack(AttachSubscriptionFunction task, FakeJob job) {
    return catchThrowableOfType(
        ConnectorRetryException.class,
        () -> task.execute(job.around(Fixtures.context(Fixtures.attachVariables(server)))));
  }

  @Test
  void waitingForTheRateLimitKeepsTheJobsRetriesForTenMinutes() throws Exception {
    windowUsedUp(20 * 60); // a window that resets in 20 minutes
    FakeJob job = new FakeJob(41, 3);

    ConnectorRetryException first = handedBack(function, job);
    assertThat(first.getRetries()).isEqualTo(3);
    assertThat(first.getBackoffDuration()).isEqualTo(Duration.ofMillis(1_200_000));
    assertThat(first.getMessage())
        .startsWith("INTERCOM_RATE_LIMITED: ")
        .endsWith("; the job waits 1200 s for its turn, retries kept");

    clock.advance(Duration.ofMinutes(10));
    assertThat(handedBack(function, job).getRetries()).as("ten minutes: still kept").isEqualTo(3);

    clock.advance(Duration.ofSeconds(1));
    ConnectorRetryException beyond = handedBack(function, new FakeJob(41, 3));
    assertThat(beyond.getRetries()).isEqualTo(2);
    assertThat(beyond.getMessage())
        .endsWith(
            "; the job has waited for the rate limit longer than 10 minutes, so this wait spends"
                + " a retry: 2 left, the next in 599 s");

    ConnectorRetryException last = handedBack(function, new FakeJob(41, 1));
    assertThat(last.getRetries()).isZero();
    assertThat(last.getMessage()).endsWith("spends a retry: none left").doesNotContain("next in");
    assertThat(server.getRequestCount()).as("no call was sent while waiting").isEqualTo(1);
  }

  @Test
  void aPlatformThreadHandsALongerWaitBackInsteadOfHoldingTheThread() throws Exception {
    AttachSubscriptionFunction platform =
        new AttachSubscriptionFunction(
            new TaskParts(
                Fixtures.client(sleeper, clock, Duration.ofMillis(200)), property -> null, clock));
    windowUsedUp(platform, 1);

    ConnectorRetryException e = handedBack(platform, new FakeJob(42, 3));

    assertThat(e.getBackoffDuration())
        .as("its turn, less the 150 ms jobs come back late, plus 100 ms after the turn")
        .isEqualTo(Duration.ofMillis(1000));
    assertThat(e.getRetries()).isEqualTo(3);
    assertThat(sleeper.waits).as("the thread did not wait").isEmpty();

    // It comes back 50 ms earlier than it was told, 50 ms before the reset: a wait of a moment
    // is spent inline.
    clock.advance(Duration.ofMillis(950));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-RateLimit-Limit", "1")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + 2))
            .body(SUBSCRIPTION_108)
            .build());
    platform.execute(new FakeJob(42, 3).around(Fixtures.context(Fixtures.attachVariables(server))));
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100));

    // It was 50 ms early: the next job is handed back 100 ms early instead of 150.
    clock.advance(Duration.ofSeconds(1));
    windowUsedUp(platform, 2);
    ConnectorRetryException next = handedBack(platform, new FakeJob(43, 3));
    assertThat(next.getBackoffDuration()).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void onAVirtualThreadTheSameWaitIsSpentInline() throws Exception {
    AttachSubscriptionFunction platform =
        new AttachSubscriptionFunction(
            new TaskParts(
                Fixtures.client(sleeper, clock, Duration.ofMillis(200)), property -> null, clock));
    windowUsedUp(platform, 1);
    server.enqueue(json(200, SUBSCRIPTION_108));
    AtomicReference<Object> result = new AtomicReference<>();

    Thread.ofVirtual()
        .start(() -> {
          try {
            result.set(platform.execute(Fixtures.context(Fixtures.attachVariables(server))));
          } catch (Exception e) {
            result.set(e);
          }
        })
        .join();

    assertThat(result.get())
        .isInstanceOf(io.github.intercomconnector.steps.Results.Subscription.class);
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(1050));
  }
}
