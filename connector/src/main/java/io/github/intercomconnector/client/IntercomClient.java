/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.intercomconnector.client.RetryPolicy.Attempt;
import io.github.intercomconnector.client.RetryPolicy.AttemptResult;
import io.github.intercomconnector.client.RetryPolicy.Step;
import io.github.intercomconnector.ratelimit.RateLimitLine;
import io.github.intercomconnector.ratelimit.Turn;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
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
  private static final RequestBody EMPTY = RequestBody.create(new byte[0]);
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RateLimitLine line;
  private final Failures failures;
  private final ObjectReader objectReader;
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
    this.failures = new Failures(mapper);
    this.objectReader = mapper.readerFor(OBJECT);
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.line = new RateLimitLine(clock, RetryPolicy.MIN_RATE_LIMITED_WAIT);
  }

  /** Where this client reports what it does (the runtime's Micrometer registry). */
  public ClientMetrics metrics() {
    return metrics;
  }

  /** The client all tasks of this process share (one connection pool, one rate-limit view). */
  public static IntercomClient shared() {
    return OneClient.CLIENT;
  }

  /** Created on first use, once, by the class loader. */
  private static final class OneClient {
    static final IntercomClient CLIENT =
        new IntercomClient(
            defaultHttpClient(),
            new ObjectMapper(),
            RetryPolicy.DEFAULT,
            Sleeper.THREAD,
            Clock.systemUTC());
  }

  /**
   * Idle connections kept per client. OkHttp keeps 5; a runtime runs many jobs at once, and with 5
   * every call beyond the fifth at a time would close its connection on return, and the next burst
   * would open a new connection, with its TLS handshake, for each. Kept above the calls a runtime's
   * execution threads make at once.
   */
  static final int IDLE_CONNECTIONS = 256;

  /** The connection settings every call starts from; per-call timeouts are applied per call. */
  public static OkHttpClient defaultHttpClient() {
    IntercomSettings.Timeouts t = IntercomSettings.Timeouts.DEFAULT;
    return new OkHttpClient.Builder()
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
    Request httpRequest = httpRequest(settings, request, request.url(settings.baseUrl()));
    boolean cheapWaits = Thread.currentThread().isVirtual();
    line.arrived(turn);
    Attempt attempt = Attempt.FIRST;
    while (true) {
      Duration gateWait = line.before(settings.appKey(), turn);
      Exchange exchange =
          gateWait.isZero()
              ? exchange(settings, request, httpRequest, attempt.exchanges() + 1)
              : Exchange.notSent(gateWait);
      Step step = policy.decide(attempt, exchange.outcome(), cheapWaits);
      switch (step) {
        case Step.Return answer -> {
          return exchange.response();
        }
        case Step.Wait wait -> {
          if (exchange.outcome() instanceof AttemptResult.NotSent) {
            metrics.rateLimitWait(settings.appKey(), false);
          } else {
            metrics.retry(settings.appKey(), request.describe());
          }
          pause(wait.duration(), request, settings, attempt);
          attempt = attempt.after(exchange.outcome(), wait.duration());
        }
        case Step.HandBack handBack -> {
          Duration backoff = handBack.backoff();
          if (exchange.outcome() instanceof AttemptResult.NotSent
              || Integer.valueOf(429).equals(exchange.status())) {
            metrics.rateLimitWait(settings.appKey(), true);
          }
          if (exchange.outcome() instanceof AttemptResult.NotSent) {
            // It comes back a little late: hand it back that much early, to wait the rest here.
            backoff = line.handBack(turn, backoff);
          }
          throw failures.of(settings, request, exchange, attempt, backoff);
        }
        case Step.GiveUp giveUp -> throw failures.of(settings, request, exchange, attempt, null);
      }
    }
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
    } else if (request.method().equals("POST")) {
      body = EMPTY; // a POST that takes no body (archive): none is sent, as Intercom documents
    }
    return builder.method(request.method(), body).build();
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
      RateLimitLine.Told told =
          line.after(settings.appKey(), settings.windowShare(), status, response.headers());
      if (told.remaining() != null) {
        metrics.remaining(settings.appKey(), told.remaining());
      }
      String body = bodyOf(response);
      String requestId = response.header("X-Request-Id");
      if (response.isSuccessful()) {
        Map<String, Object> json = parseObject(body, settings.tokenForms());
        LOG.debug("{} answered {} (request id {})", request.describe(), status, requestId);
        if (json == null) {
          return new Exchange(
              new AttemptResult.Unreadable(status), null, status, null, null, requestId);
        }
        IntercomResponse answer =
            new IntercomResponse(status, json, requestId, date(response), number);
        return new Exchange(
            new AttemptResult.Answered(status, null), answer, status, null, null, null);
      }
      Duration serverWait = told.rateLimitedWait();
      LOG.debug("{} answered {}", request.describe(), status);
      return new Exchange(
          new AttemptResult.Answered(status, serverWait),
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
      return new Exchange(new AttemptResult.NoAnswer(e), null, null, null, null, null);
    }
  }

  private static Response applyTimeouts(Interceptor.Chain chain) throws IOException {
    IntercomSettings.Timeouts t = chain.request().tag(IntercomSettings.Timeouts.class);
    Interceptor.Chain c = chain;
    if (t != null) {
      int connect = (int) t.connect().toMillis();
      int read = (int) t.read().toMillis();
      // Each change copies the chain: change only what differs from the client's own settings.
      if (c.connectTimeoutMillis() != connect) {
        c = c.withConnectTimeout(connect, TimeUnit.MILLISECONDS);
      }
      if (c.readTimeoutMillis() != read) {
        c = c.withReadTimeout(read, TimeUnit.MILLISECONDS);
      }
      if (c.writeTimeoutMillis() != read) {
        c = c.withWriteTimeout(read, TimeUnit.MILLISECONDS);
      }
    }
    return c.proceed(c.request());
  }

  /** The JSON object of a success, scrubbed of the token should it echo it; null if unreadable. */
  private Map<String, Object> parseObject(String body, List<String> tokenForms) {
    try {
      Map<String, Object> json = objectReader.readValue(body);
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

  /**
   * The last Date header read, and its instant: the answers of one second share one parse of the
   * HTTP date instead of each parsing it again.
   */
  private record ReadDate(String header, Instant instant) {}

  private volatile ReadDate lastDate = new ReadDate("", null);

  private Instant date(Response response) {
    String header = response.header("Date");
    if (header == null) {
      return null;
    }
    ReadDate last = lastDate;
    if (last.header().equals(header)) {
      return last.instant();
    }
    Instant instant = response.headers().getInstant("Date");
    lastDate = new ReadDate(header, instant);
    return instant;
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
