/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when told to (or when a {@link RecordingSleeper} waits). */
public final class TestClock extends Clock {
  private Instant now = Instant.parse("2026-11-22T10:00:00Z");

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  public long epochSecond() {
    return instant().getEpochSecond();
  }
}
