/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers, per Intercom app (base URL and token fingerprint), what the last answers said about
 * the rate limit ({@code X-RateLimit-Remaining} / {@code X-RateLimit-Reset}) and spends the
 * remaining calls of the window across all jobs of this process. When the window is used up, a
 * caller learns how long to wait instead of sending a request that would get 429.
 */
final class RateLimitGate {

  private final Clock clock;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  RateLimitGate(Clock clock) {
    this.clock = clock;
  }

  /** Takes one call from the window; returns zero to go now, or how long to wait. */
  Duration acquire(String key) {
    Window window = windows.get(key);
    return window == null ? Duration.ZERO : window.acquire(clock.instant());
  }

  /** Records what an answer said about the window. */
  void update(String key, Integer limit, Integer remaining, Instant reset) {
    if (remaining == null || reset == null) {
      return;
    }
    windows.computeIfAbsent(key, k -> new Window()).update(limit, remaining, reset);
  }

  /** Marks the window as used up until {@code reset} (after a 429). */
  void exhaust(String key, Instant reset) {
    windows.computeIfAbsent(key, k -> new Window()).update(null, 0, reset);
  }

  private static final class Window {
    private static final Duration UNKNOWN_RESET_WAIT = Duration.ofMillis(250);

    private int limit = -1;
    private int remaining = Integer.MAX_VALUE;
    private Instant reset; // null: a new window began and no answer has told its end yet

    synchronized Duration acquire(Instant now) {
      if (reset != null && !now.isBefore(reset)) {
        reset = null;
        remaining = limit >= 0 ? limit : Integer.MAX_VALUE;
      }
      if (remaining > 0) {
        remaining--;
        return Duration.ZERO;
      }
      return reset == null ? UNKNOWN_RESET_WAIT : Duration.between(now, reset);
    }

    synchronized void update(Integer newLimit, int newRemaining, Instant newReset) {
      if (newLimit != null) {
        limit = newLimit;
      }
      if (reset != null && newReset.isAfter(reset)) {
        remaining = newRemaining; // a later window than the one we counted in
        reset = newReset;
      } else if (reset == null || newReset.equals(reset)) {
        // Answers arrive out of order and calls are still in flight: the smaller count is safer.
        remaining = Math.min(remaining, newRemaining);
        reset = newReset;
      }
    }
  }
}
