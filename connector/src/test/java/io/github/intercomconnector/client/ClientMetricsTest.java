/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static io.github.intercomconnector.client.IntercomRequest.value;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the client reports to the runtime's metrics: calls, retries, rate-limit waits and room. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientMetricsTest {

  static final String TOKEN = "tok_TEST_metrics_secret_77";
  static final String PATH = "/contacts/{contact_id}/subscriptions";

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final IntercomClient client =
      new IntercomClient(
          IntercomClient.defaultHttpClient(),
          new ObjectMapper(),
          new RetryPolicy(
              3,
              Duration.ofMillis(500),
              Duration.ofSeconds(4),
              Duration.ofSeconds(12),
              3,
              () -> 0.5,
              Duration.ofSeconds(12)),
          new RecordingSleeper(clock),
          clock,
          new ClientMetrics(registry));

  private IntercomSettings settings() {
    return new IntercomSettings(
        IntercomSettings.baseUrl(server.url("/").toString(), "baseUrl"),
        TOKEN,
        "2.16",
        IntercomSettings.Timeouts.DEFAULT);
  }

  private IntercomResponse call() {
    return client.send(settings(), IntercomRequest.get(PATH, value("contactId", "c1")));
  }

  /** The rate-limit waits counted so far, {@code how}: handed_back or in_worker. */
  private double rateLimitWaits(String how) {
    return registry.get(ClientMetrics.RATE_LIMIT_WAITS).tag("how", how).counter().count();
  }

  @Test
  void aCallIsTimedByOperationStatusAndAppAndTheRoomLeftIsAGauge() {
    server.enqueue(
        json(200, "{\"type\":\"list\"}")
            .newBuilder()
            .addHeader("X-RateLimit-Limit", "1666")
            .addHeader("X-RateLimit-Remaining", "1600")
            .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + 10))
            .build());

    call();

    var timer =
        registry
            .get(ClientMetrics.CALLS)
            .tag("operation", "GET " + PATH)
            .tag("status", "200")
            .tag("outcome", "2xx")
            .tag("app", settings().appKey())
            .timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(
            registry
                .get(ClientMetrics.RATE_LIMIT_REMAINING)
                .tag("app", settings().appKey())
                .gauge()
                .value())
        .isEqualTo(1600);
  }

  @Test
  void noMeterNamesTheTokenOrAContactId() {
    server.enqueue(json(200, "{\"type\":\"list\"}"));

    call();

    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().toString()).doesNotContain(TOKEN).doesNotContain("c1/");
    }
    assertThat(settings().appKey()).doesNotContain(TOKEN);
  }

  @Test
  void aFailedAttemptTriedAgainIsARetryAndEachAttemptACall() {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(200, "{\"type\":\"list\"}"));

    call();

    assertThat(
            registry.get(ClientMetrics.RETRIES).tag("operation", "GET " + PATH).counter().count())
        .isEqualTo(1);
    assertThat(registry.get(ClientMetrics.CALLS).tag("outcome", "5xx").timer().count())
        .isEqualTo(1);
    assertThat(registry.get(ClientMetrics.CALLS).tag("outcome", "2xx").timer().count())
        .isEqualTo(1);
  }

  @Test
  void a429IsCountedAsRateLimitedAndItsHandBackAsAWait() {
    server.enqueue(
        json(429, "{\"type\":\"error.list\",\"errors\":[{\"code\":\"rate_limit_exceeded\"}]}")
            .newBuilder()
            .addHeader("Retry-After", "30")
            .build());

    catchThrowableOfType(IntercomApiException.class, this::call);

    assertThat(registry.get(ClientMetrics.CALLS).tag("outcome", "rate_limited").timer().count())
        .isEqualTo(1);
    assertThat(rateLimitWaits("handed_back")).isEqualTo(1);
  }

  @Test
  void aCallHandedBackForItsTurnInTheLineIsCountedAsAWaitHandedBack() {
    server.enqueue(
        json(200, "{\"type\":\"list\"}")
            .newBuilder()
            .addHeader("X-RateLimit-Limit", "1")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + 60))
            .build());

    call();
    // The window is used up for 60 s, longer than a wait in the worker: handed back, not sent.
    IntercomApiException handedBack = catchThrowableOfType(IntercomApiException.class, this::call);

    assertThat(handedBack.retryAfter()).isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(rateLimitWaits("handed_back")).isEqualTo(1);
    assertThat(registry.find(ClientMetrics.CALLS).tag("outcome", "rate_limited").timer())
        .as("no 429 came")
        .isNull();
  }

  @Test
  void aWaitInTheWorkerForTheRateLimitIsCountedAsSuch() {
    server.enqueue(
        json(200, "{\"type\":\"list\"}")
            .newBuilder()
            .addHeader("X-RateLimit-Limit", "1")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + 2))
            .build());
    server.enqueue(json(200, "{\"type\":\"list\"}"));

    call();
    call(); // the window is used up for 2 s: this one waits in the worker (up to 12 s here)

    assertThat(rateLimitWaits("in_worker")).isEqualTo(1);
    assertThat(registry.find(ClientMetrics.RATE_LIMIT_WAITS).tag("how", "handed_back").counter())
        .isNull();
    assertThat(registry.find(ClientMetrics.RETRIES).counter()).as("a wait is no retry").isNull();
  }

  @Test
  void aCallWithoutAnAnswerIsCountedWithoutAStatusAndItsAttemptsAsRetries() {
    IntercomSettings nowhere =
        new IntercomSettings(
            IntercomSettings.baseUrl("http://127.0.0.1:1/", "baseUrl"),
            TOKEN,
            "2.16",
            IntercomSettings.Timeouts.DEFAULT);

    catchThrowableOfType(
        IntercomApiException.class,
        () -> client.send(nowhere, IntercomRequest.get(PATH, value("contactId", "c1"))));

    var calls =
        registry
            .get(ClientMetrics.CALLS)
            .tag("outcome", "no_answer")
            .tag("status", "none")
            .tag("app", nowhere.appKey())
            .timer();
    assertThat(calls.count()).isEqualTo(3);
    assertThat(calls.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.get(ClientMetrics.RETRIES).counter().count()).isEqualTo(2);
  }

  @Test
  void aSearchWaitIsCounted() {
    new ClientMetrics(registry).searchWait();
    new ClientMetrics(registry).searchWait();

    assertThat(registry.get(ClientMetrics.SEARCH_WAITS).counter().count()).isEqualTo(2);
  }

  @Test
  void noAnswerIsACallWithoutAStatus() {
    assertThat(ClientMetrics.outcome(null)).isEqualTo("no_answer");
    assertThat(ClientMetrics.outcome(429)).isEqualTo("rate_limited");
    assertThat(ClientMetrics.outcome(404)).isEqualTo("4xx");
    assertThat(ClientMetrics.outcome(201)).isEqualTo("2xx");
    assertThat(ClientMetrics.outcome(502)).isEqualTo("5xx");
  }

  @Test
  void eachAppOperationAndStatusHasItsOwnTimerAndAStatusOutsideHttpsRangeKeepsItsNumber() {
    ClientMetrics metrics = new ClientMetrics(registry);
    for (Integer status : new Integer[] {200, 200, 404, null, 999, 999, 100, 599}) {
      metrics.call("app-a", "GET /contacts", status, Duration.ofMillis(5));
    }
    metrics.call("app-a", "POST /contacts", 200, Duration.ofMillis(5));
    metrics.call("app-b", "GET /contacts", 200, Duration.ofMillis(5));

    assertThat(count("app-a", "GET /contacts", "200")).isEqualTo(2);
    assertThat(count("app-a", "GET /contacts", "404")).isEqualTo(1);
    assertThat(count("app-a", "GET /contacts", "none")).isEqualTo(1);
    assertThat(count("app-a", "GET /contacts", "999")).isEqualTo(2);
    assertThat(count("app-a", "GET /contacts", "100")).isEqualTo(1);
    assertThat(count("app-a", "GET /contacts", "599")).isEqualTo(1);
    assertThat(count("app-a", "POST /contacts", "200")).isEqualTo(1);
    assertThat(count("app-b", "GET /contacts", "200")).isEqualTo(1);
    assertThat(
            registry
                .get(ClientMetrics.CALLS)
                .tag("status", "none")
                .timer()
                .getId()
                .getTag("outcome"))
        .isEqualTo("no_answer");
  }

  @Test
  void theRoomLeftFollowsEachAnswerOfItsAppOnly() {
    ClientMetrics metrics = new ClientMetrics(registry);
    metrics.remaining("app-a", 1600);
    metrics.remaining("app-b", 90);
    metrics.remaining("app-a", 1500);

    assertThat(registry.get(ClientMetrics.RATE_LIMIT_REMAINING).tag("app", "app-a").gauge().value())
        .isEqualTo(1500);
    assertThat(registry.get(ClientMetrics.RATE_LIMIT_REMAINING).tag("app", "app-b").gauge().value())
        .isEqualTo(90);
  }

  private long count(String app, String operation, String status) {
    return registry
        .get(ClientMetrics.CALLS)
        .tags("app", app, "operation", operation, "status", status)
        .timer()
        .count();
  }

  /**
   * A call records into the timer kept for its app, operation and status: the registry is asked
   * once. Emptied of its meters, it is not given them again by the next calls of the same kind.
   */
  @Test
  void eachTimerIsLookedUpOnceThenKept() {
    ClientMetrics metrics = new ClientMetrics(registry);
    for (Integer status : new Integer[] {null, 100, 200, 599, 600}) {
      metrics.call("app", "GET /contacts", status, Duration.ofMillis(5));
    }
    assertThat(registry.find(ClientMetrics.CALLS).timers()).hasSize(5);
    registry.clear();

    for (Integer status : new Integer[] {null, 100, 200, 599, 600}) {
      metrics.call("app", "GET /contacts", status, Duration.ofMillis(5));
    }

    assertThat(registry.find(ClientMetrics.CALLS).timers())
        .as("only the status outside 100 to 599, looked up each time")
        .extracting(t -> t.getId().getTag("status"))
        .containsExactly("600");
    metrics.call("app", "POST /contacts", 200, Duration.ofMillis(5));
    assertThat(registry.find(ClientMetrics.CALLS).tag("operation", "POST /contacts").timer())
        .as("another operation: a timer of its own")
        .isNotNull();
  }
}
