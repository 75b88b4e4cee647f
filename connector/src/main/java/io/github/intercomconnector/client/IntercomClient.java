/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.intercomconnector.client.RetryPolicy.Attempt;
import io.github.intercomconnector.client.RetryPolicy.Outcome;
import io.github.intercomconnector.client.RetryPolicy.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way to Intercom: builds requests (headers, encoded path segments), sends them over one
 * shared {@link OkHttpClient}, follows the app's rate-limit view, retries what {@link RetryPolicy}
 * says, and returns Intercom's JSON or throws one {@link IntercomApiException}.
 */
public final class IntercomClient {

  public static final String USER_AGENT = "intercom-subscription-connector/" + version();

  private static final Logger LOG = LoggerFactory.getLogger(IntercomClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};
  private static final Pattern CANONICAL_CONTACT =
      Pattern.compile("<([^>]*/contacts/([^>/]+))>\\s*;\\s*rel=\"?canonical\"?");

  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RateLimitGate gate;
  private final ReturnLatency returnLatency = new ReturnLatency();
  private final ClientMetrics metrics;

  public IntercomClient(
      OkHttpClient http, ObjectMapper mapper, RetryPolicy policy, Sleeper sleeper, Clock clock) {
    this(http, mapper, policy, sleeper, clock, ClientMetrics.global());
  }

  public IntercomClient(
      OkHttpClient http,
      ObjectMapper mapper,
      RetryPolicy policy,
      Sleeper sleeper,
      Clock clock,
      ClientMetrics metrics) {
    this.metrics = metrics;
    this.http = http.newBuilder().addInterceptor(IntercomClient::applyTimeouts).build();
    this.mapper = mapper;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.gate = new RateLimitGate(clock);
  }

  /** Where this client reports what it does (the runtime's Micrometer registry). */
  public ClientMetrics metrics() {
    return metrics;
  }

  /** The client all tasks of this process share (one connection pool, one rate-limit view). */
  public static IntercomClient shared() {
    return Shared.CLIENT;
  }

  /** Created on first use, once, by the class loader. */
  private static final class Shared {
    static final IntercomClient CLIENT =
        new IntercomClient(
            defaultHttpClient(),
            new ObjectMapper(),
            RetryPolicy.DEFAULT,
            Sleeper.THREAD,
            Clock.systemUTC());
  }

  /**
   * Idle connections kept per client: more than a runtime's busiest execution threads (the sizing
   * test runs 64), so that a call beyond them does not close its connection on return and make the
   * next one open a new one.
   */
  static final int IDLE_CONNECTIONS = 256;

  /** The connection settings every call starts from; per-call timeouts are applied per call. */
  public static OkHttpClient defaultHttpClient() {
    IntercomSettings.Timeouts t = IntercomSettings.Timeouts.DEFAULT;
    return new OkHttpClient.Builder()
        // A runtime runs many jobs at once: keep a connection for each (OkHttp keeps 5 by default),
        // so that a burst does not open a new TLS connection per call.
        .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
        .connectTimeout(t.connect())
        .readTimeout(t.read())
        .writeTimeout(t.read())
        .callTimeout(t.call())
        .retryOnConnectionFailure(false) // retries are decided in one place: RetryPolicy
        .followRedirects(false) // never replay the Authorization header to another host
        .followSslRedirects(false)
        .build();
  }

  /**
   * Sends one call and returns Intercom's answer.
   *
   * @throws IntercomInputException when a path value would change the path (e.g. "..")
   * @throws IntercomApiException when Intercom refuses, fails or cannot be reached
   */
  public IntercomResponse send(IntercomSettings settings, IntercomRequest request) {
    return send(settings, request, new Turn());
  }

  /**
   * Sends one call with {@code turn}'s place in the app's rate-limit line and returns Intercom's
   * answer. On a virtual thread a wait for the rate limit is spent here (up to the policy's inline
   * limit); on a platform thread, a few of which the runtime shares among all connectors, a wait
   * longer than a moment hands the call back with the time its turn is due.
   *
   * @throws IntercomInputException when a path value would change the path (e.g. "..")
   * @throws IntercomApiException when Intercom refuses, fails or cannot be reached, or the call is
   *     handed back to wait ({@link IntercomApiException#retryAfter()})
   */
  public IntercomResponse send(IntercomSettings settings, IntercomRequest request, Turn turn) {
    Request httpRequest = httpRequest(settings, request, url(settings.baseUrl(), request));
    boolean cheapWaits = Thread.currentThread().isVirtual();
    noteReturn(turn);
    Attempt attempt = Attempt.FIRST;
    while (true) {
      Duration gateWait = gate.acquire(settings.appKey(), turn);
      Exchange exchange =
          gateWait.isZero()
              ? exchange(settings, request, httpRequest, attempt.exchanges() + 1)
              : Exchange.notSent(gateWait);
      Step step = policy.decide(attempt, exchange.outcome(), cheapWaits);
      switch (step) {
        case Step.Done done -> {
          return exchange.response();
        }
        case Step.Wait wait -> {
          if (exchange.outcome() instanceof Outcome.NotSent) {
            metrics.rateLimitWait(settings.appKey(), false);
          } else {
            metrics.retry(settings.appKey(), request.describe());
          }
          pause(wait.duration(), request, settings, attempt);
          attempt = attempt.after(exchange.outcome(), wait.duration());
        }
        case Step.HandBack handBack -> {
          Duration backoff = handBack.backoff();
          if (exchange.outcome() instanceof Outcome.NotSent
              || Integer.valueOf(429).equals(exchange.status())) {
            metrics.rateLimitWait(settings.appKey(), true);
          }
          if (exchange.outcome() instanceof Outcome.NotSent) {
            // It comes back a little late: hand it back that much early, to wait the rest here.
            backoff = returnLatency.backoffFor(backoff);
            synchronized (turn) {
              turn.expectedBack = clock.instant().plus(backoff);
            }
          }
          throw failure(settings, request, exchange, attempt, backoff);
        }
        case Step.GiveUp giveUp -> throw failure(settings, request, exchange, attempt, null);
      }
    }
  }

  /** A turn handed back to wait is here again: how late it came teaches the return latency. */
  private void noteReturn(Turn turn) {
    Instant expected;
    synchronized (turn) {
      expected = turn.expectedBack;
      turn.expectedBack = null;
    }
    if (expected != null) {
      returnLatency.sample(Duration.between(expected, clock.instant()));
    }
  }

  /** Builds the URL from encoded segments and proves no segment climbed out of the base path. */
  static HttpUrl url(HttpUrl base, IntercomRequest request) {
    HttpUrl.Builder builder = base.newBuilder();
    List<IntercomRequest.Segment> segments = request.segments();
    for (IntercomRequest.Segment segment : segments) {
      builder.addPathSegment(segment.text());
    }
    HttpUrl url = builder.build();
    List<String> expected = new ArrayList<>(base.pathSegments());
    if (expected.get(expected.size() - 1).isEmpty()) {
      expected.remove(expected.size() - 1);
    }
    int baseSize = expected.size();
    for (IntercomRequest.Segment segment : segments) {
      expected.add(segment.text());
    }
    if (!url.pathSegments().equals(expected)) {
      // A dot segment climbed or stayed: build again, segment by segment, to name it.
      HttpUrl.Builder again = base.newBuilder();
      List<String> sofar = new ArrayList<>(expected.subList(0, baseSize));
      for (IntercomRequest.Segment segment : segments) {
        again.addPathSegment(segment.text());
        sofar.add(segment.text());
        if (!again.build().pathSegments().equals(sofar)) {
          throw refused(request, segment);
        }
      }
    }
    return url;
  }

  private static IntercomInputException refused(
      IntercomRequest request, IntercomRequest.Segment segment) {
    return new IntercomInputException(
        segment.field(),
        "expected an Intercom id usable as one segment of "
            + request.documentedPath()
            + ", got '"
            + segment.text()
            + "' ('.' and '..' are refused)");
  }

  private Request httpRequest(IntercomSettings settings, IntercomRequest request, HttpUrl url) {
    Request.Builder builder =
        new Request.Builder()
            .url(url)
            .headers(settings.headers())
            .tag(IntercomSettings.Timeouts.class, settings.timeouts());
    RequestBody body = null;
    if (request.body() != null) {
      try {
        body = RequestBody.create(mapper.writeValueAsBytes(request.body()), JSON);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Request body of " + request.describe(), e);
      }
    }
    return builder.method(request.method(), body).build();
  }

  /** One HTTP exchange, read to the end: what it came to, and what the answer held. */
  private record Exchange(
      Outcome outcome,
      IntercomResponse response,
      Integer status,
      String body,
      String link,
      String requestId) {

    static Exchange notSent(Duration gateWait) {
      return new Exchange(new Outcome.NotSent(gateWait), null, null, null, null, null);
    }
  }

  private Exchange exchange(
      IntercomSettings settings, IntercomRequest request, Request httpRequest, int number) {
    Call call = http.newCall(httpRequest);
    call.timeout().timeout(settings.timeouts().call().toMillis(), TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    try (Response response = call.execute()) {
      int status = response.code();
      metrics.call(
          settings.appKey(),
          request.describe(),
          status,
          Duration.ofNanos(System.nanoTime() - started));
      recordRateLimit(settings, response);
      String body = bodyOf(response);
      String requestId = response.header("X-Request-Id");
      if (response.isSuccessful()) {
        Map<String, Object> json = parseObject(body, settings.tokenForms());
        LOG.debug("{} answered {} (request id {})", request.describe(), status, requestId);
        if (json == null) {
          return new Exchange(new Outcome.Unreadable(status), null, status, null, null, requestId);
        }
        IntercomResponse answer =
            new IntercomResponse(status, json, requestId, date(response), number);
        return new Exchange(new Outcome.Answered(status, null), answer, status, null, null, null);
      }
      Duration serverWait = null;
      if (status == 429) {
        serverWait = rateLimitWait(response);
        // Never hammer: the window stays used up at least a second, even if the headers say "now".
        Duration untilReset =
            RetryPolicy.atLeast(
                serverWait == null ? Duration.ZERO : serverWait, RetryPolicy.MIN_RATE_LIMITED_WAIT);
        gate.exhaust(settings.appKey(), clock.instant().plus(untilReset));
      }
      LOG.debug("{} answered {}", request.describe(), status);
      return new Exchange(
          new Outcome.Answered(status, serverWait),
          null,
          status,
          body,
          response.header("Link"),
          requestId);
    } catch (IOException e) {
      metrics.call(
          settings.appKey(),
          request.describe(),
          null,
          Duration.ofNanos(System.nanoTime() - started));
      LOG.debug("{} failed without an answer: {}", request.describe(), e.getClass().getName());
      return new Exchange(new Outcome.NoAnswer(e), null, null, null, null, null);
    }
  }

  private static Response applyTimeouts(Interceptor.Chain chain) throws IOException {
    IntercomSettings.Timeouts t = chain.request().tag(IntercomSettings.Timeouts.class);
    Interceptor.Chain c = chain;
    if (t != null) {
      int connect = (int) t.connect().toMillis();
      int read = (int) t.read().toMillis();
      c =
          c.withConnectTimeout(connect, TimeUnit.MILLISECONDS)
              .withReadTimeout(read, TimeUnit.MILLISECONDS)
              .withWriteTimeout(read, TimeUnit.MILLISECONDS);
    }
    return c.proceed(c.request());
  }

  /** The JSON object of a success, scrubbed of the token should it echo it; null if unreadable. */
  private Map<String, Object> parseObject(String body, List<String> tokenForms) {
    try {
      Map<String, Object> json = mapper.readValue(body, OBJECT);
      if (json != null && Redaction.holds(body, tokenForms)) {
        return Redaction.scrub(json, tokenForms);
      }
      return json;
    } catch (IOException | RuntimeException e) {
      return null; // reported without the body, which may be large or hold anything
    }
  }

  private static String bodyOf(Response response) throws IOException {
    ResponseBody body = response.body();
    return body == null ? "" : body.string();
  }

  private void recordRateLimit(IntercomSettings settings, Response response) {
    String key = settings.appKey();
    Integer limit = intHeader(response, "X-RateLimit-Limit");
    Integer remaining = intHeader(response, "X-RateLimit-Remaining");
    Long reset = longHeader(response, "X-RateLimit-Reset");
    if (remaining != null) {
      metrics.remaining(key, remaining);
    }
    if (limit != null && remaining != null && settings.windowShare() < 1) {
      // The rest of each window is left to the app's other clients: spend only our share.
      int reserved = limit - (int) Math.floor(limit * settings.windowShare());
      limit = Math.max(1, limit - reserved);
      remaining = Math.max(0, remaining - reserved);
    }
    if (remaining != null && reset != null) {
      gate.update(key, limit, remaining, Instant.ofEpochSecond(reset));
    } else {
      gate.untold(key);
    }
  }

  /** How long a 429 asks to wait: Retry-After (seconds or HTTP date), else X-RateLimit-Reset. */
  Duration rateLimitWait(Response response) {
    Instant now = clock.instant();
    String retryAfter = response.header("Retry-After");
    if (retryAfter != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        Instant at = httpDate(retryAfter);
        if (at != null) {
          return nonNegative(Duration.between(now, at));
        }
      }
    }
    Long reset = longHeader(response, "X-RateLimit-Reset");
    return reset == null ? null : nonNegative(Duration.between(now, Instant.ofEpochSecond(reset)));
  }

  private static Instant date(Response response) {
    return response.headers().getInstant("Date");
  }

  /** An HTTP date in any of the forms HTTP allows, read by OkHttp's own parser; null if none. */
  private static Instant httpDate(String value) {
    return Headers.of("Date", value.trim()).getInstant("Date");
  }

  private IntercomApiException failure(
      IntercomSettings settings,
      IntercomRequest request,
      Exchange exchange,
      Attempt soFar,
      Duration retryAfter) {
    String token = settings.accessToken();
    int attempts = Math.max(1, soFar.exchanges() + (exchange.status() == null ? 0 : 1));
    return switch (exchange.outcome()) {
      case Outcome.NotSent notSent ->
          IntercomApiException.notSent(
              request.describe(), retryAfter, Math.max(1, soFar.exchanges()));
      case Outcome.NoAnswer noAnswer ->
          IntercomApiException.noAnswer(
              noAnswer.cause() instanceof InterruptedIOException
                  ? "no answer within the timeout"
                  : "no answer (" + noAnswer.cause().getClass().getSimpleName() + ")",
              request.describe(),
              retryAfter,
              soFar.exchanges() + 1);
      case Outcome.Unreadable unreadable ->
          IntercomApiException.invalidResponse(
              unreadable.status(), exchange.requestId(), request.describe(), retryAfter, attempts);
      case Outcome.Answered answered ->
          refusal(answered.status(), exchange, token, retryAfter, attempts, request);
    };
  }

  private IntercomApiException refusal(
      int status,
      Exchange exchange,
      String token,
      Duration retryAfter,
      int attempts,
      IntercomRequest request) {
    JsonNode json = parseTree(exchange.body());
    String code = null;
    String message = null;
    String requestId = exchange.requestId();
    List<Map<String, Object>> errors = List.of();
    if (json != null) {
      String bodyRequestId = text(json.get("request_id"));
      requestId = bodyRequestId != null ? bodyRequestId : requestId;
      JsonNode list = json.get("errors");
      if (list != null && list.isArray()) {
        errors = new ArrayList<>();
        for (JsonNode e : list) {
          Map<String, Object> entry = new LinkedHashMap<>();
          putIfPresent(entry, "code", text(e.get("code")));
          putIfPresent(entry, "message", Redaction.scrub(text(e.get("message")), token));
          putIfPresent(entry, "field", text(e.get("field")));
          errors.add(entry);
        }
        if (!list.isEmpty()) {
          code = text(list.get(0).get("code"));
          message = Redaction.scrub(text(list.get(0).get("message")), token);
        }
      }
    }
    String link = null;
    String mergedInto = null;
    if (exchange.link() != null) {
      Matcher m = CANONICAL_CONTACT.matcher(exchange.link());
      if (m.find()) {
        link = m.group(1);
        mergedInto = m.group(2);
      }
    }
    return IntercomApiException.answered(
        status,
        new IntercomApiException.Said(
            json != null,
            Redaction.scrub(code, token),
            message,
            Redaction.scrub(requestId, token),
            errors,
            link,
            mergedInto),
        request.describe(),
        retryAfter,
        attempts);
  }

  private void pause(
      Duration wait, IntercomRequest request, IntercomSettings settings, Attempt soFar) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IntercomApiException.noAnswer(
          "interrupted while waiting to try again",
          request.describe(),
          null,
          Math.max(1, soFar.exchanges()));
    }
  }

  private JsonNode parseTree(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = mapper.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Integer intHeader(Response response, String name) {
    Long value = longHeader(response, name);
    return value == null ? null : (int) Math.min(Integer.MAX_VALUE, value);
  }

  private static Long longHeader(Response response, String name) {
    String value = response.header(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in =
        IntercomClient.class.getResourceAsStream("/intercom-subscription-connector.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // keep the fallback below
    }
    return p.getProperty("version", "dev");
  }
}
