/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static io.github.intercomconnector.client.IntercomRequest.value;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client on its own, against a local server: what it returns, waits for and refuses. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntercomClientTest {

  static final String TOKEN = "tok_TEST_client_secret_42";
  static final String PATH = "/contacts/{contact_id}/subscriptions";

  @StartStop final MockWebServer server = LocalIntercom.server();
  @StartStop final MockWebServer elsewhere = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private final RetryPolicy policy =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(4),
          Duration.ofSeconds(12),
          3,
          () -> 0.5,
          Duration.ofSeconds(12));
  private final IntercomClient client =
      new IntercomClient(
          IntercomClient.defaultHttpClient(), new ObjectMapper(), policy, sleeper, clock);

  private IntercomSettings settings(String token) {
    return new IntercomSettings(
        IntercomSettings.baseUrl(server.url("/").toString(), "baseUrl"),
        token,
        "2.16",
        IntercomSettings.Timeouts.DEFAULT);
  }

  private IntercomResponse get(String token) {
    return client.send(settings(token), IntercomRequest.get(PATH, value("contactId", "c1")));
  }

  private static String error(String code, String message) {
    return "{\"type\":\"error.list\",\"request_id\":\"req-9\",\"errors\":[{\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\",\"field\":\"email\"}]}";
  }

  @Test
  void eachCallUsesItsConnectionsTimeoutsAndOtherwiseTheClientsOwn() {
    List<String> seen = new ArrayList<>();
    OkHttpClient recording =
        IntercomClient.defaultHttpClient()
            .newBuilder()
            .addNetworkInterceptor(chain -> {
              seen.add(
                  chain.connectTimeoutMillis()
                      + "/"
                      + chain.readTimeoutMillis()
                      + "/"
                      + chain.writeTimeoutMillis());
              return chain.proceed(chain.request());
            })
            .build();
    IntercomClient timed =
        new IntercomClient(recording, new ObjectMapper(), policy, sleeper, clock);
    IntercomSettings custom =
        new IntercomSettings(
            IntercomSettings.baseUrl(server.url("/").toString(), "baseUrl"),
            TOKEN,
            "2.16",
            new IntercomSettings.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)));
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));

    timed.send(custom, IntercomRequest.get(PATH, value("contactId", "c1")));
    timed.send(settings(TOKEN), IntercomRequest.get(PATH, value("contactId", "c1")));

    assertThat(seen).containsExactly("2000/3000/3000", "10000/30000/30000");
  }

  @Test
  void aSuccessCarriesTheBodyTheRequestIdAndTheDate() throws Exception {
    Instant date = Instant.parse("2026-11-22T10:00:07Z");
    server.enqueue(
        json(200, "{\"type\":\"list\",\"data\":[]}")
            .newBuilder()
            .addHeader("X-Request-Id", "req-1")
            .addHeader(
                "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC)))
            .build());

    IntercomResponse response = get(TOKEN);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Map.of("type", "list", "data", List.of()));
    assertThat(response.requestId()).isEqualTo("req-1");
    assertThat(response.date()).isEqualTo(date);
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c1/subscriptions");
  }

  @Test
  void anUnreadableDateIsLeftOutAndRetriesAreCounted() {
    server.enqueue(json(503, error("service_unavailable", "later")));
    server.enqueue(json(200, "{}").newBuilder().addHeader("Date", "yesterday").build());

    IntercomResponse response = get(TOKEN);

    assertThat(response.date()).isNull();
    assertThat(response.requestId()).isNull();
    assertThat(response.attempts()).isEqualTo(2);
  }

  @Test
  void aSuccessThatEchoesTheTokenIsScrubbed() {
    String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
    server.enqueue(json(200, "{\"note\":\"Bearer " + TOKEN + "\",\"b\":[\"" + b64 + "\"]}"));
    server.enqueue(json(200, "{\"note\":\"plain\",\"n\":1}"));

    assertThat(get(TOKEN).body())
        .isEqualTo(Map.of("note", "Bearer [REDACTED]", "b", List.of("[REDACTED]")));
    assertThat(get(TOKEN).body()).isEqualTo(Map.of("note", "plain", "n", 1));
  }

  @Test
  void anErrorThatEchoesTheBase64TokenIsScrubbed() {
    String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
    server.enqueue(json(400, error("parameter_invalid", "bad auth " + b64)));

    IntercomApiException e = catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));

    assertThat(e.getMessage()).contains("bad auth [REDACTED]").doesNotContain(b64);
    assertThat(e.intercomErrorMessage()).isEqualTo("bad auth [REDACTED]");
    assertThat(e.errors())
        .containsExactly(
            Map.of(
                "code", "parameter_invalid", "message", "bad auth [REDACTED]", "field", "email"));
  }

  @Test
  void aRefusalCarriesEverythingIntercomSaid() {
    server.enqueue(
        json(404, error("not_found", "User Not Found"))
            .newBuilder()
            .addHeader("X-Request-Id", "hdr")
            .build());

    IntercomApiException e = catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));

    assertThat(e.kind()).isEqualTo(IntercomApiException.Kind.REFUSED);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.hasStatus(404)).isTrue();
    assertThat(e.hasStatus(410)).isFalse();
    assertThat(e.intercomErrorCode()).isEqualTo("not_found");
    assertThat(e.requestId()).as("the body's request_id comes first").isEqualTo("req-9");
    assertThat(e.operation()).isEqualTo("GET /contacts/{contact_id}/subscriptions");
    assertThat(e.retryAfter()).isNull();
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.link()).isNull();
    assertThat(e.getMessage())
        .isEqualTo(
            "Intercom answered HTTP 404 [not_found: User Not Found] for GET"
                + " /contacts/{contact_id}/subscriptions, request_id req-9");
  }

  @Test
  void aMergedContactNamesItsCanonicalContact() {
    server.enqueue(
        json(410, error("contact_merged", "merged"))
            .newBuilder()
            .addHeader("Link", "<https://api.intercom.io/contacts/5f0c2e1b>; rel=\"canonical\"")
            .build());
    server.enqueue(
        json(410, error("contact_merged", "merged"))
            .newBuilder()
            .addHeader("Link", "</contacts/abc>;rel=canonical")
            .build());
    server.enqueue(
        json(410, error("contact_merged", "merged"))
            .newBuilder()
            .addHeader("Link", "</x>; rel=\"next\"")
            .build());

    IntercomApiException absolute =
        catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));
    IntercomApiException relative =
        catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));
    IntercomApiException other = catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));

    assertThat(absolute.link()).isEqualTo("https://api.intercom.io/contacts/5f0c2e1b");
    assertThat(absolute.mergedIntoContactId()).isEqualTo("5f0c2e1b");
    assertThat(absolute.getMessage()).endsWith(", merged into contact 5f0c2e1b");
    assertThat(relative.link()).isEqualTo("/contacts/abc");
    assertThat(relative.mergedIntoContactId()).isEqualTo("abc");
    assertThat(other.link()).isNull();
    assertThat(other.mergedIntoContactId()).isNull();
  }

  @Test
  void redirectsAreNotFollowedSoTheTokenStaysHome() {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", elsewhere.url("/steal").toString())
            .build());
    elsewhere.enqueue(json(200, "{}"));

    IntercomApiException e = catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));

    assertThat(e.httpStatus()).isEqualTo(302);
    assertThat(e.kind()).isEqualTo(IntercomApiException.Kind.REFUSED);
    assertThat(elsewhere.getRequestCount()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a429MakesTheAppWaitBeforeItsNextCallIsSent() {
    server.enqueue(
        json(429, error("rate_limit_exceeded", "slow down"))
            .newBuilder()
            .addHeader("Retry-After", "30")
            .build());

    IntercomApiException first = catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));
    IntercomApiException second =
        catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));

    assertThat(first.kind()).isEqualTo(IntercomApiException.Kind.RATE_LIMITED);
    assertThat(first.retryAfter()).isEqualTo(Duration.ofMillis(33_050));
    assertThat(second.kind()).isEqualTo(IntercomApiException.Kind.RATE_LIMITED);
    assertThat(second.httpStatus()).as("not sent").isNull();
    assertThat(second.retryAfter())
        .as("the window's reset, no jitter")
        .isEqualTo(Duration.ofMillis(30_000));
    assertThat(second.getMessage()).startsWith("the rate limit of this Intercom app is used up");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void a429SayingNowStillKeepsTheAppWaitingASecond() {
    server.enqueue(
        json(429, error("rate_limit_exceeded", "slow down"))
            .newBuilder()
            .addHeader("Retry-After", "0")
            .build());
    server.enqueue(json(200, "{}"));

    get(TOKEN);

    // the 429's own wait (1 s spread) covers the window it marked used up: no second wait
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(1150));
  }

  @Test
  void aRetryAfterDateIsHonoured() {
    Instant at = clock.instant().plusSeconds(20);
    server.enqueue(
        json(429, error("rate_limit_exceeded", "slow down"))
            .newBuilder()
            .addHeader(
                "Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)))
            .build());

    IntercomApiException e = catchThrowableOfType(IntercomApiException.class, () -> get(TOKEN));

    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(22_050));
  }

  @Test
  void aRetryAfterInThePastOrUnreadableFallsBack() {
    Instant past = clock.instant().minusSeconds(20);
    server.enqueue(
        json(429, error("rate_limit_exceeded", "slow down"))
            .newBuilder()
            .addHeader(
                "Retry-After",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(past.atZone(ZoneOffset.UTC)))
            .build());
    server.enqueue(
        json(429, error("rate_limit_exceeded", "slow down"))
            .newBuilder()
            .addHeader("Retry-After", "soon")
            .addHeader("X-RateLimit-Reset", String.valueOf(clock.epochSecond() + 5))
            .build());
    server.enqueue(json(200, "{}"));

    get(TOKEN);

    // past date: at least a second; unreadable: until the reset, 3.85 s after that first wait
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(1150), Duration.ofMillis(4285));
  }

  @Test
  void malformedRateLimitHeadersAreIgnored() {
    server.enqueue(
        json(200, "{}")
            .newBuilder()
            .addHeader("X-RateLimit-Limit", "lots")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", "soon")
            .build());
    server.enqueue(json(200, "{}"));

    get(TOKEN);
    get(TOKEN);

    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void eachAppSpendsItsOwnWindow() {
    long reset = clock.epochSecond() + 5;
    server.enqueue(
        json(200, "{}")
            .newBuilder()
            .addHeader("X-RateLimit-Limit", "1")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", String.valueOf(reset))
            .build());
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));

    get(TOKEN); // app A's window is used up
    get("tok_TEST_other_app_7"); // app B goes at once
    assertThat(sleeper.waits).isEmpty();
    get(TOKEN); // app A waits for its reset
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(5050));
  }

  /** A value that does not come back from the URL as it went in is refused as a climb is. */
  @Test
  void anIdThatTheUrlCannotCarryAsItIsIsRefusedNamingItsField() {
    HttpUrl base = HttpUrl.get("https://gw.example.com/intercom/");
    for (String path : List.of("/contacts/{contact_id}", "/contacts/{contact_id}/subscriptions")) {
      assertThatThrownBy(
              () -> IntercomRequest.get(path, value("contactId", "ab\uD800cd")).url(base))
          .isInstanceOfSatisfying(
              IntercomInputException.class,
              e -> {
                assertThat(e.field()).isEqualTo("contactId");
                assertThat(e.getMessage()).contains(path);
              });
    }
  }

  @Test
  void anIdThatWouldClimbThePathIsRefusedNamingItsField() {
    for (String id : List.of(".", "..")) {
      assertThatThrownBy(() ->
              client.send(
                  settings(TOKEN),
                  IntercomRequest.delete(
                      "/contacts/{contact_id}/subscriptions/{subscription_id}",
                      value("contactId", "c1"),
                      value("subscriptionTypeId", id))))
          .isInstanceOfSatisfying(
              IntercomInputException.class,
              e -> {
                assertThat(e.field()).isEqualTo("subscriptionTypeId");
                assertThat(e.getMessage())
                    .startsWith("subscriptionTypeId: expected an Intercom id")
                    .contains("/contacts/{contact_id}/subscriptions/{subscription_id}");
              });
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void pathValuesAreEncodedBelowTheBasePath() {
    HttpUrl base = HttpUrl.get("https://gw.example.com/intercom");
    HttpUrl url = IntercomRequest.get(PATH, value("contactId", "a/../b?c")).url(base);
    assertThat(url.encodedPath()).isEqualTo("/intercom/contacts/a%2F..%2Fb%3Fc/subscriptions");
    assertThat(
            IntercomRequest.get("/subscription_types")
                .url(HttpUrl.get("https://api.intercom.io/"))
                .toString())
        .isEqualTo("https://api.intercom.io/subscription_types");
  }

  @Test
  void aRequestNeedsAValueForEachPlaceholder() {
    assertThatThrownBy(() -> IntercomRequest.get(PATH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 placeholders, got 0");
  }

  @Test
  void anInterruptedWaitEndsTheCall() throws Exception {
    IntercomClient interrupted =
        new IntercomClient(
            IntercomClient.defaultHttpClient(),
            new ObjectMapper(),
            policy,
            d -> {
              throw new InterruptedException();
            },
            clock);
    server.enqueue(json(503, error("service_unavailable", "later")));

    IntercomApiException e =
        catchThrowableOfType(
            IntercomApiException.class,
            () ->
                interrupted.send(
                    settings(TOKEN), IntercomRequest.get(PATH, value("contactId", "c1"))));

    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(e.kind()).isEqualTo(IntercomApiException.Kind.NO_ANSWER);
    assertThat(e.getMessage()).contains("interrupted");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void theClientKeepsAConnectionForEachCallerOfABurst() throws Exception {
    var http = IntercomClient.defaultHttpClient();
    int callers = 12; // more than the 5 idle connections OkHttp keeps by default
    for (int i = 0; i < callers; i++) {
      server.enqueue(
          new MockResponse.Builder().headersDelay(300, TimeUnit.MILLISECONDS).body("{}").build());
    }
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < callers; i++) {
      threads.add(
          Thread.ofPlatform()
              .start(() -> {
                try (var response =
                    http.newCall(new okhttp3.Request.Builder().url(server.url("/")).build())
                        .execute()) {
                  response.body().string();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(server.getRequestCount()).isEqualTo(callers);
    assertThat(http.connectionPool().idleConnectionCount())
        .as("every connection of the burst kept for the next")
        .isEqualTo(callers);
  }

  @Test
  void theSharedClientIsOneAndItsDefaultsAreSafe() {
    assertThat(IntercomClient.shared()).isSameAs(IntercomClient.shared());
    var http = IntercomClient.defaultHttpClient();
    assertThat(http.followRedirects()).isFalse();
    assertThat(http.followSslRedirects()).isFalse();
    assertThat(http.retryOnConnectionFailure()).isFalse();
    assertThat(http.callTimeoutMillis()).isEqualTo(60_000);
    assertThat(http.connectTimeoutMillis()).isEqualTo(10_000);
    assertThat(http.readTimeoutMillis()).isEqualTo(30_000);
    assertThat(IntercomClient.USER_AGENT).startsWith("intercom-subscription-connector/");
  }

  @Test
  void theDefaultPolicyIsJittered() {
    double first = RetryPolicy.DEFAULT.jitter().getAsDouble();
    boolean varies = false;
    for (int i = 0; i < 50 && !varies; i++) {
      double next = RetryPolicy.DEFAULT.jitter().getAsDouble();
      assertThat(next).isBetween(0.0, 1.0);
      varies = next != first;
    }
    assertThat(varies).isTrue();
  }

  @Test
  void answersOfOneSecondShareOneReadingOfTheirDate() {
    String second = "Sun, 22 Nov 2026 10:00:07 GMT";
    server.enqueue(json(200, "{}").newBuilder().addHeader("Date", second).build());
    server.enqueue(json(200, "{}").newBuilder().addHeader("Date", second).build());
    server.enqueue(
        json(200, "{}").newBuilder().addHeader("Date", "Sun, 22 Nov 2026 10:00:08 GMT").build());

    Instant first = get(TOKEN).date();
    Instant again = get(TOKEN).date();
    Instant next = get(TOKEN).date();

    assertThat(first).isEqualTo(Instant.parse("2026-11-22T10:00:07Z"));
    assertThat(again).as("the same header: read once").isSameAs(first);
    assertThat(next).isEqualTo(Instant.parse("2026-11-22T10:00:08Z"));
  }
}
