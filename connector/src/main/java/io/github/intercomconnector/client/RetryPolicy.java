/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often and how long the connector retries inside one job, before it hands the job back to the
 * engine. The README's "Retries and rate limits" section describes these numbers.
 *
 * @param maxAttempts HTTP attempts per job execution for 408, 5xx and network failures
 * @param baseDelay first backoff; it doubles with every attempt
 * @param maxDelay cap of one backoff
 * @param maxInlineWait longest wait spent in the worker thread for one job; a longer wait (a
 *     rate-limit reset far away) hands the job back to the engine with that backoff instead
 * @param jitter random source in [0, 1)
 */
public record RetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Duration maxInlineWait,
    DoubleSupplier jitter) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(4),
          Duration.ofSeconds(12),
          () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());

  /** Exponential backoff before attempt {@code attempt + 1}, capped, with ±20 % jitter. */
  public Duration backoff(int attempt) {
    long base = baseDelay.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, maxDelay.toMillis());
    return Duration.ofMillis(Math.round(capped * (0.8 + 0.4 * jitter.getAsDouble())));
  }

  /**
   * A wait imposed by Intercom (rate-limit reset), spread by 0–20 % so that workers do not
   * stampede.
   */
  public Duration spread(Duration wait) {
    long ms = Math.max(wait.toMillis(), 0);
    return Duration.ofMillis(ms + Math.round(ms * 0.2 * jitter.getAsDouble()) + 50);
  }
}
