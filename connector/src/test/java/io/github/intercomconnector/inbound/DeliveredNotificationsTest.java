/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The memory of delivered notifications: bounded in number and in age. */
class DeliveredNotificationsTest {

  /** A clock the test moves. */
  static final class Hands extends Clock {
    Instant now = Instant.parse("2026-12-06T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void remembersADeliveredIdForItsTimeAndNotAfter() {
    Hands clock = new Hands();
    DeliveredNotifications delivered = new DeliveredNotifications(10, Duration.ofHours(1), clock);
    assertThat(delivered.contains("notif_1")).isFalse();
    delivered.record("notif_1");
    assertThat(delivered.contains("notif_1")).isTrue();
    clock.now = clock.now.plus(Duration.ofHours(1));
    assertThat(delivered.contains("notif_1")).as("exactly an hour later").isTrue();
    clock.now = clock.now.plusSeconds(1);
    assertThat(delivered.contains("notif_1")).isFalse();
    clock.now = clock.now.minusSeconds(10);
    assertThat(delivered.contains("notif_1")).as("forgotten once expired").isFalse();
  }

  @Test
  void forgetsTheOldestBeyondItsCapacity() {
    DeliveredNotifications delivered =
        new DeliveredNotifications(3, Duration.ofHours(1), new Hands());
    for (int i = 1; i <= 4; i++) {
      delivered.record("notif_" + i);
    }
    assertThat(delivered.contains("notif_1")).isFalse();
    assertThat(delivered.contains("notif_2")).isTrue();
    assertThat(delivered.contains("notif_3")).isTrue();
    assertThat(delivered.contains("notif_4")).isTrue();
  }
}
