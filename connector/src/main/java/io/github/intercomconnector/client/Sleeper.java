/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.time.Duration;

/** Waits between attempts; tests replace it to check waits without sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper THREAD = duration -> Thread.sleep(duration);

  void sleep(Duration duration) throws InterruptedException;
}
