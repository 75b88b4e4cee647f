/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
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
 * The connector's only way to Intercom: builds requests (headers, encoded path segments), sends
 * them over one shared {@link OkHttpClient}, waits out rate limits, retries transient failures and
 * turns every failure into a {@link ConnectorException} with a documented error code.
 */
public final class IntercomClient {

  public static final String USER_AGENT = "intercom-subscription-connector/" + version();

  private static final Logger LOG = LoggerFactory.getLogger(IntercomClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};

  /** 429 answers one job waits out in the worker before it hands the job back. */
  private static final int MAX_INLINE_RATE_LIMITED = 3;

  private static volatile IntercomClient shared;

  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RateLimitGate gate;

  public IntercomClient(
      OkHttpClient http,
      ObjectMapper mapper,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      Clock clock) {
    this.http = http.newBuilder().addInterceptor(IntercomClient::applyTimeouts).build();
    this.mapper = mapper;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.clock = clock;
    this.gate = new RateLimitGate(clock);
  }

  /** The client all tasks of this process share (one connection pool, one rate-limit view). */
  public static IntercomClient shared() {
    IntercomClient client = shared;
    if (client == null) {
      synchronized (IntercomClient.class) {
        client = shared;
        if (client == null) {
          client =
              new IntercomClient(
                  defaultHttpClient(),
                  new ObjectMapper(),
                  RetryPolicy.DEFAULT,
                  Sleeper.THREAD,
                  Clock.systemUTC());
          shared = client;
        }
      }
    }
    return client;
  }

  /** The connection settings every task starts from; per-task timeouts are applied per call. */
  public static OkHttpClient defaultHttpClient() {
    IntercomSettings.Timeouts t = IntercomSettings.Timeouts.DEFAULT;
    return new OkHttpClient.Builder()
        .connectTimeout(t.connect())
        .readTimeout(t.read())
        .writeTimeout(t.read())
        .callTimeout(t.call())
        .retryOnConnectionFailure(false) // retries are decided in one place: send()
        .followRedirects(false) // never replay the Authorization header to another host
        .build();
  }

  /**
   * Sends one call and returns Intercom's JSON object as is (every field it returned, in order).
   *
   * @throws ConnectorInputException when an id would change the path (e.g. "..")
   * @throws ConnectorException with one of {@link ErrorCodes} when Intercom or the network fails
   */
  public Map<String, Object> send(IntercomSettings settings, IntercomRequest request) {
    HttpUrl url = url(settings.baseUrl(), request);
    String gateKey = gateKey(settings);
    Duration waited = Duration.ZERO;
    int attempts = 0;
    int transientFailures = 0;
    int rateLimited = 0;
    while (true) {
      Duration gateWait = gate.acquire(gateKey);
      if (!gateWait.isZero()) {
        Duration wait = retryPolicy.spread(gateWait);
        if (waited.plus(wait).compareTo(retryPolicy.maxInlineWait()) > 0) {
          throw rateLimitedBeforeSending(request, attempts)
              .toRetryException(settings.accessToken(), wait);
        }
        pause(wait, request, settings);
        waited = waited.plus(wait);
        continue;
      }
      attempts++;
      IntercomFailure failure;
      Duration wait;
      Call call = http.newCall(httpRequest(settings, request, url));
      call.timeout().timeout(settings.timeouts().call().toMillis(), TimeUnit.MILLISECONDS);
      try (Response response = call.execute()) {
        recordRateLimit(gateKey, response);
        String body = bodyOf(response);
        if (response.isSuccessful()) {
          Map<String, Object> result = parseObject(request, response.code(), body, settings);
          LOG.debug(
              "{} answered {} (request id {})",
              request.describe(),
              response.code(),
              response.header("X-Request-Id"));
          return result;
        }
        failure =
            IntercomFailure.fromResponse(
                request, response.code(), body, response.header("Link"), attempts, mapper);
        LOG.debug(
            "{} answered {} (request_id {})",
            request.describe(),
            response.code(),
            failure.requestId());
        if (response.code() == 429) {
          rateLimited++;
          // Never hammer: at least a second between 429s, even if the headers say "now".
          Duration untilReset = max(rateLimitWait(response, attempts), Duration.ofSeconds(1));
          gate.exhaust(gateKey, clock.instant().plus(untilReset));
          wait = retryPolicy.spread(untilReset);
          if (rateLimited > MAX_INLINE_RATE_LIMITED
              || waited.plus(wait).compareTo(retryPolicy.maxInlineWait()) > 0) {
            throw failure.toRetryException(settings.accessToken(), wait);
          }
          pause(wait, request, settings);
          waited = waited.plus(wait);
          continue;
        }
        if (!isTransient(response.code())) {
          throw failure.toException(settings.accessToken());
        }
      } catch (IOException e) {
        failure = IntercomFailure.network(request, e, attempts);
        LOG.debug("{} failed without an answer: {}", request.describe(), e.getClass().getName());
      }
      transientFailures++;
      wait = retryPolicy.backoff(transientFailures);
      if (transientFailures >= retryPolicy.maxAttempts()
          || waited.plus(wait).compareTo(retryPolicy.maxInlineWait()) > 0) {
        throw failure.toException(settings.accessToken());
      }
      pause(wait, request, settings);
      waited = waited.plus(wait);
    }
  }

  /** Builds the URL from encoded segments and proves no segment climbed out of the base path. */
  static HttpUrl url(HttpUrl base, IntercomRequest request) {
    HttpUrl.Builder builder = base.newBuilder();
    for (String segment : request.pathSegments()) {
      builder.addPathSegment(segment);
    }
    HttpUrl url = builder.build();
    List<String> expected = new ArrayList<>(base.pathSegments());
    if (!expected.isEmpty() && expected.get(expected.size() - 1).isEmpty()) {
      expected.remove(expected.size() - 1);
    }
    expected.addAll(request.pathSegments());
    if (!url.pathSegments().equals(expected)) {
      throw new ConnectorInputException(
          "An id in "
              + request.documentedPath()
              + " is not usable as a path segment (ids like '.' or '..' are refused): expected an"
              + " Intercom id");
    }
    return url;
  }

  private Request httpRequest(IntercomSettings settings, IntercomRequest request, HttpUrl url) {
    Request.Builder builder =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .header("Intercom-Version", settings.intercomVersion())
            .header("User-Agent", USER_AGENT)
            .tag(IntercomSettings.Timeouts.class, settings.timeouts());
    if (settings.accessToken() != null) {
      builder.header("Authorization", "Bearer " + settings.accessToken());
    }
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

  private Map<String, Object> parseObject(
      IntercomRequest request, int status, String body, IntercomSettings settings) {
    try {
      Map<String, Object> result = mapper.readValue(body, OBJECT);
      if (result != null) {
        return result;
      }
    } catch (IOException | RuntimeException e) {
      // fall through: reported below without the body, which may be large or hold anything
    }
    throw IntercomFailure.invalidResponse(request, status, null)
        .toException(settings.accessToken());
  }

  private static String bodyOf(Response response) throws IOException {
    ResponseBody body = response.body();
    return body == null ? "" : body.string();
  }

  private void recordRateLimit(String key, Response response) {
    Integer limit = intHeader(response, "X-RateLimit-Limit");
    Integer remaining = intHeader(response, "X-RateLimit-Remaining");
    Long reset = longHeader(response, "X-RateLimit-Reset");
    if (remaining != null && reset != null) {
      gate.update(key, limit, remaining, Instant.ofEpochSecond(reset));
    }
  }

  /** How long a 429 asks us to wait: Retry-After, else X-RateLimit-Reset, else backoff. */
  Duration rateLimitWait(Response response, int attempt) {
    Instant now = clock.instant();
    String retryAfter = response.header("Retry-After");
    if (retryAfter != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        try {
          Instant at =
              ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                  .toInstant();
          return nonNegative(Duration.between(now, at));
        } catch (RuntimeException ignored) {
          // unusable: fall back to the reset header
        }
      }
    }
    Long reset = longHeader(response, "X-RateLimit-Reset");
    if (reset != null) {
      return nonNegative(Duration.between(now, Instant.ofEpochSecond(reset)));
    }
    return retryPolicy.backoff(attempt);
  }

  private IntercomFailure rateLimitedBeforeSending(IntercomRequest request, int attempts) {
    return new IntercomFailure(
        ErrorCodes.RATE_LIMITED,
        "the rate limit of this Intercom app is used up for the current window",
        request,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        Math.max(attempts, 1));
  }

  private void pause(Duration wait, IntercomRequest request, IntercomSettings settings) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IntercomFailure.network(request, e, 1).toException(settings.accessToken());
    }
  }

  private static boolean isTransient(int status) {
    return status == 408 || status >= 500;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
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

  /** One rate-limit view per Intercom app: base URL plus a fingerprint, never the token itself. */
  private static String gateKey(IntercomSettings settings) {
    String token = settings.accessToken() == null ? "" : settings.accessToken();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return settings.baseUrl() + "#" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
