/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;

/**
 * Each app's line for Intercom's rate limit, as the client meets it: {@link #before} each exchange
 * (go now, or wait this long for the turn), {@link #after} each answer (what its rate-limit headers
 * tell), and {@link #handBack} / {@link #arrived} for a caller handed back to wait and come again.
 * The line's rules live in {@link RateLimitGate}; how late callers come back, in {@link
 * ReturnLatency}.
 */
public final class RateLimitLine {

  private final RateLimitGate gate;
  private final ReturnLatency returnLatency = new ReturnLatency();
  private final Duration minimumRateLimitedWait;
  private final Clock clock;

  /**
   * @param minimumRateLimitedWait how long a window stays used up after a 429 at least, even if the
   *     headers say "now"
   */
  public RateLimitLine(Clock clock, Duration minimumRateLimitedWait) {
    this.gate = new RateLimitGate(clock);
    this.minimumRateLimitedWait = minimumRateLimitedWait;
    this.clock = clock;
  }

  /** What an answer's headers told of the app's window. */
  public record Told(Integer remaining, Duration rateLimitedWait) {}

  /** A caller is here again; if it was handed back to wait, how late it came teaches the line. */
  public void arrived(Turn turn) {
    Instant expected;
    synchronized (turn) {
      expected = turn.expectedBack;
      turn.expectedBack = null;
    }
    if (expected != null) {
      returnLatency.sample(Duration.between(expected, clock.instant()));
    }
  }

  /** Before an exchange: zero to go now, else how long until the turn's call may go. */
  public Duration before(String app, Turn turn) {
    return gate.acquire(app, turn);
  }

  /**
   * After an answer: learns the app's window from its rate-limit headers, of which this runtime
   * spends {@code windowShare}; for a 429, also how long it asks to wait (the window stays used up
   * at least the minimum).
   */
  public Told after(String app, double windowShare, int status, Headers headers) {
    Integer limit = intHeader(headers, "X-RateLimit-Limit");
    Integer remaining = intHeader(headers, "X-RateLimit-Remaining");
    Long reset = longHeader(headers, "X-RateLimit-Reset");
    Integer told = remaining;
    if (limit != null && remaining != null && windowShare < 1) {
      // The rest of each window is left to the app's other clients: spend only our share.
      int reserved = limit - (int) Math.floor(limit * windowShare);
      limit = Math.max(1, limit - reserved);
      remaining = Math.max(0, remaining - reserved);
    }
    if (remaining != null && reset != null) {
      gate.update(app, limit, remaining, Instant.ofEpochSecond(reset));
    } else {
      gate.untold(app);
    }
    Duration serverWait = null;
    if (status == 429) {
      serverWait = rateLimitedWait(headers);
      Duration untilReset = serverWait == null ? Duration.ZERO : serverWait;
      if (untilReset.compareTo(minimumRateLimitedWait) < 0) {
        untilReset = minimumRateLimitedWait;
      }
      gate.exhaust(app, clock.instant().plus(untilReset));
    }
    return new Told(told, serverWait);
  }

  /**
   * A caller handed back to wait {@code wait} for its turn: the backoff to give it, a little early
   * for the time it takes to come back, and noted to learn from its return.
   */
  public Duration handBack(Turn turn, Duration wait) {
    Duration backoff = returnLatency.backoffFor(wait);
    synchronized (turn) {
      turn.expectedBack = clock.instant().plus(backoff);
    }
    return backoff;
  }

  /** How long a 429 asks to wait: Retry-After (seconds or HTTP date), else X-RateLimit-Reset. */
  Duration rateLimitedWait(Headers headers) {
    Instant now = clock.instant();
    String retryAfter = headers.get("Retry-After");
    if (retryAfter != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        Instant at = Headers.of("Date", retryAfter.trim()).getInstant("Date");
        if (at != null) {
          return nonNegative(Duration.between(now, at));
        }
      }
    }
    Long reset = longHeader(headers, "X-RateLimit-Reset");
    return reset == null ? null : nonNegative(Duration.between(now, Instant.ofEpochSecond(reset)));
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Integer intHeader(Headers headers, String name) {
    Long value = longHeader(headers, name);
    return value == null ? null : (int) Math.min(Integer.MAX_VALUE, value);
  }

  private static Long longHeader(Headers headers, String name) {
    String value = headers.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
