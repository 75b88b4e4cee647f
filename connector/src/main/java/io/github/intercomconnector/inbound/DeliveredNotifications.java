/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of notifications this element has already handed to the engine, so that Intercom's retry
 * of one (after a minute, when our answer was late or lost) starts nothing twice. A message event
 * also has the engine's own check (the notification id is the message id); a plain start event has
 * only this one. Bounded in size and age; lost when the runtime restarts.
 */
final class DeliveredNotifications {

  private final int capacity;
  private final Duration keptFor;
  private final Clock clock;
  private final Map<String, Instant> delivered;

  DeliveredNotifications(int capacity, Duration keptFor, Clock clock) {
    this.capacity = capacity;
    this.keptFor = keptFor;
    this.clock = clock;
    this.delivered =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > DeliveredNotifications.this.capacity;
          }
        };
  }

  synchronized void record(String notificationId) {
    delivered.put(notificationId, clock.instant());
  }

  synchronized boolean contains(String notificationId) {
    Instant at = delivered.get(notificationId);
    if (at == null) {
      return false;
    }
    if (at.plus(keptFor).isBefore(clock.instant())) {
      delivered.remove(notificationId);
      return false;
    }
    return true;
  }
}
