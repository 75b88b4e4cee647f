/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.ratelimit;

import java.time.Duration;

/**
 * How late a job handed back to wait for the rate limit comes back, learned from the jobs that came
 * back: the engine makes it available after its backoff, then the runtime must activate it and a
 * thread must be free. A job is handed back that much early, so that it is there when its window
 * opens and waits the rest in the worker, a moment.
 */
final class ReturnLatency {

  /** What is assumed before any job came back. */
  static final Duration INITIAL = Duration.ofMillis(150);

  /** Never assumed later than this, whatever was measured. */
  static final Duration MAX = Duration.ofSeconds(1);

  /** Samples beyond this are not latency (the job was busy elsewhere, or another runtime's). */
  private static final Duration IGNORED_BEYOND = Duration.ofSeconds(5);

  private long estimateMillis = INITIAL.toMillis();

  /** Learns from one job that came back {@code late} after the backoff it was given. */
  synchronized void sample(Duration late) {
    if (late.abs().compareTo(IGNORED_BEYOND) > 0) {
      return;
    }
    estimateMillis += (late.toMillis() - estimateMillis) / 4;
    estimateMillis = Math.max(0, Math.min(MAX.toMillis(), estimateMillis));
  }

  synchronized Duration estimate() {
    return Duration.ofMillis(estimateMillis);
  }

  /**
   * How much after its turn a job handed back aims to come back: a job that comes early holds a
   * thread of the runtime while it waits the rest, one that comes a little late holds nothing and
   * still finds its room kept ({@link RateLimitGate#LATE_RETURN_HOLD}).
   */
  static final Duration AIM_AFTER_TURN = Duration.ofMillis(100);

  /** The backoff that brings a job back just after its turn, for a wait of {@code wait}. */
  Duration backoffFor(Duration wait) {
    Duration backoff = wait.minus(estimate()).plus(AIM_AFTER_TURN);
    return backoff.isNegative() ? Duration.ZERO : backoff;
  }
}
