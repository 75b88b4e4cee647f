/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.testing;

import io.github.intercomconnector.client.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records every wait and moves the clock instead of sleeping. */
public final class RecordingSleeper implements Sleeper {
  public final List<Duration> waits = new ArrayList<>();
  private final TestClock clock;

  public RecordingSleeper(TestClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    waits.add(duration);
    clock.advance(duration);
  }
}
