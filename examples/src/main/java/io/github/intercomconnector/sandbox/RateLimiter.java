/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import java.time.Clock;

/**
 * Intercom's rate limit: at most {@code limit} calls per window, windows aligned to whole seconds
 * (X-RateLimit-Reset is in Unix seconds). Remembers the most requests that ever arrived in one
 * window, refused or not, so tests can prove a client never asked for more than the limit.
 */
final class RateLimiter {

  record Decision(boolean allowed, int limit, int remaining, long resetEpochSecond) {}

  private final int limit;
  private final int windowSeconds;
  private final Clock clock;
  private long window = -1;
  private int used;
  private int arrived;
  private int maxArrivedInAWindow;
  private long rejected;

  RateLimiter(int limit, int windowSeconds, Clock clock) {
    if (limit < 1 || windowSeconds < 1) {
      throw new IllegalArgumentException("rate limit needs limit >= 1 and window >= 1 s");
    }
    this.limit = limit;
    this.windowSeconds = windowSeconds;
    this.clock = clock;
  }

  synchronized Decision take() {
    long now = clock.millis() / 1000;
    long current = now / windowSeconds;
    if (current != window) {
      window = current;
      used = 0;
      arrived = 0;
    }
    arrived++;
    maxArrivedInAWindow = Math.max(maxArrivedInAWindow, arrived);
    long reset = (current + 1) * windowSeconds;
    if (used >= limit) {
      rejected++;
      return new Decision(false, limit, 0, reset);
    }
    used++;
    return new Decision(true, limit, limit - used, reset);
  }

  synchronized int maxArrivedInAWindow() {
    return maxArrivedInAWindow;
  }

  synchronized long rejected() {
    return rejected;
  }

  int limit() {
    return limit;
  }

  int windowSeconds() {
    return windowSeconds;
  }
}
