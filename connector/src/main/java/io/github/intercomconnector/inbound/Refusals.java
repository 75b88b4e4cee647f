/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests one element refused, told to operators without flooding them: each refusal counts in
 * the metric {@value #METRIC} (tags {@code webhook} and {@code reason}), but the log gets at most
 * one line a minute per reason, with the number refused since the line before. A flood of forged
 * posts would otherwise write a line each, tens of thousands a second.
 */
final class Refusals {

  /** The counter of refused requests, in the runtime's metrics. */
  static final String METRIC = "intercom.connector.webhook.refusals";

  static final Duration LINE_EVERY = Duration.ofMinutes(1);

  /** Why a request was refused: its tag in the metric and words in the log. */
  enum RefusalReason {
    NOT_LISTENING("the element is not listening (being activated, not set up or stopped)"),
    TOO_LARGE("its body is over 1 MiB"),
    SIGNATURE_MISSING("it has no X-Hub-Signature"),
    SIGNATURE_MALFORMED("its X-Hub-Signature is not sha1= and 40 hex digits"),
    SIGNATURE_WRONG("its X-Hub-Signature is not the app's signature of the body"),
    SIGNATURE_REPEATED("it has more than one X-Hub-Signature"),
    NOT_A_NOTIFICATION("its body is not an Intercom notification"),
    TOO_OLD("Intercom sent it longer ago than the maximum age (a replay, or a very late retry)");

    final String words;

    RefusalReason(String words) {
      this.words = words;
    }

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ConsentChangedWebhook.class);

  private final MeterRegistry registry;
  private final LongSupplier nanoTime;
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

  /** The runtime's refusals, for every element of this connector in it. */
  static final Refusals SHARED = new Refusals(Metrics.globalRegistry, System::nanoTime);

  /** One reason's refusals since its last log line, and when the next line may be written. */
  private static final class Tally {
    final AtomicLong unlogged = new AtomicLong();
    final AtomicLong nextLineAt;

    Tally(long now) {
      this.nextLineAt = new AtomicLong(now);
    }
  }

  Refusals(MeterRegistry registry, LongSupplier nanoTime) {
    this.registry = registry;
    this.nanoTime = nanoTime;
  }

  /** Counts one refusal of a request to {@code webhook}; logs it if its reason's minute is up. */
  void refused(String webhook, RefusalReason reason) {
    Counter.builder(METRIC)
        .description("Requests to the Intercom webhook refused, by reason")
        .tag("webhook", webhook)
        .tag("reason", reason.tag())
        .register(registry)
        .increment();
    long now = nanoTime.getAsLong();
    Tally tally = tallies.computeIfAbsent(webhook + " " + reason.tag(), key -> new Tally(now));
    tally.unlogged.incrementAndGet();
    long due = tally.nextLineAt.get();
    if (now - due >= 0 && tally.nextLineAt.compareAndSet(due, now + LINE_EVERY.toNanos())) {
      long count = tally.unlogged.getAndSet(0);
      LOG.warn(
          "Intercom webhook '{}': refused {} {} because {} (at most one line a minute per reason;"
              + " metric {})",
          webhook,
          count,
          count == 1 ? "request" : "requests",
          reason.words,
          METRIC);
    }
  }
}
