/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the client tells operators, in Micrometer: the connector runtime's registry (Spring Boot
 * adds it to {@link Metrics#globalRegistry}) and with it the runtime's Prometheus endpoint. Every
 * meter is tagged with the Intercom app it concerns as the app's key: the base URL and a
 * fingerprint of the token (a hash), never the token. Operations are path templates ({@code POST
 * /contacts/{contact_id}/subscriptions}), never ids or emails.
 */
public final class ClientMetrics {

  /** Each call to Intercom and how long it took: tags operation, status, outcome, app. */
  public static final String CALLS = "intercom.connector.calls";

  /**
   * Calls that waited for the rate limit: tags app, how ({@code in_worker}, {@code handed_back}).
   */
  public static final String RATE_LIMIT_WAITS = "intercom.connector.rate.limit.waits";

  /** Calls left in each app's current window, as Intercom last said: tag app. */
  public static final String RATE_LIMIT_REMAINING = "intercom.connector.rate.limit.remaining";

  /** Attempts after a failed one within one job (408, 5xx, network, 429): tags operation, app. */
  public static final String RETRIES = "intercom.connector.retries";

  /** Searches that found nobody yet and handed the job back to look again: no tags. */
  public static final String SEARCH_WAITS = "intercom.connector.search.waits";

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();

  /**
   * The call timers by app and operation, then by status (slot 0: no answer; slots 1 to 500: the
   * statuses 100 to 599). A call records into the timer kept here instead of building its four tags
   * and their id and looking them up in the registry, as asking the registry each time would. A
   * status outside 100 to 599 is looked up in the registry each time.
   */
  private final Map<String, Map<String, AtomicReferenceArray<Timer>>> timers =
      new ConcurrentHashMap<>();

  private static final int STATUS_SLOTS = 1 + (599 - 100 + 1);

  public ClientMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The registry of the runtime the connector runs in. */
  public static ClientMetrics global() {
    return new ClientMetrics(Metrics.globalRegistry);
  }

  void call(String app, String operation, Integer status, Duration took) {
    if (status != null && (status < 100 || status > 599)) {
      timer(app, operation, status).record(took);
      return;
    }
    int slot = status == null ? 0 : status - 99;
    Map<String, AtomicReferenceArray<Timer>> byOperation = timers.get(app);
    if (byOperation == null) {
      byOperation = timers.computeIfAbsent(app, key -> new ConcurrentHashMap<>());
    }
    AtomicReferenceArray<Timer> byStatus = byOperation.get(operation);
    if (byStatus == null) {
      byStatus =
          byOperation.computeIfAbsent(operation, key -> new AtomicReferenceArray<>(STATUS_SLOTS));
    }
    Timer timer = byStatus.get(slot);
    if (timer == null) {
      // The registry gives the same timer for the same tags: a race only looks it up twice.
      timer = timer(app, operation, status);
      byStatus.set(slot, timer);
    }
    timer.record(took);
  }

  private Timer timer(String app, String operation, Integer status) {
    return Timer.builder(CALLS)
        .description("Calls to Intercom")
        .tag("app", app)
        .tag("operation", operation)
        .tag("status", status == null ? "none" : String.valueOf(status))
        .tag("outcome", outcome(status))
        .register(registry);
  }

  static String outcome(Integer status) {
    if (status == null) {
      return "no_answer";
    }
    if (status == 429) {
      return "rate_limited";
    }
    return (status / 100) + "xx";
  }

  void rateLimitWait(String app, boolean handedBack) {
    Counter.builder(RATE_LIMIT_WAITS)
        .description("Calls that waited for Intercom's rate limit")
        .tag("app", app)
        .tag("how", handedBack ? "handed_back" : "in_worker")
        .register(registry)
        .increment();
  }

  void retry(String app, String operation) {
    Counter.builder(RETRIES)
        .description("Attempts after a failed one within a job")
        .tag("app", app)
        .tag("operation", operation)
        .register(registry)
        .increment();
  }

  void remaining(String app, long calls) {
    AtomicLong known = remaining.get(app);
    if (known != null) {
      known.set(calls);
      return;
    }
    remaining
        .computeIfAbsent(
            app,
            key -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder(RATE_LIMIT_REMAINING, value, AtomicLong::get)
                  .description("Calls left in the app's current rate-limit window")
                  .tag("app", key)
                  .register(registry);
              return value;
            })
        .set(calls);
  }

  /** A search found nobody yet and the job is handed back to look again. */
  public void searchWait() {
    Counter.builder(SEARCH_WAITS)
        .description("Searches that found nobody yet and looked again later")
        .register(registry)
        .increment();
  }
}
