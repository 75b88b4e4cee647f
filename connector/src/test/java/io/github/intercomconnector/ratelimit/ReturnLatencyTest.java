/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReturnLatencyTest {

  final ReturnLatency latency = new ReturnLatency();

  @Test
  void startsFromAnAssumptionAndHandsBackThatMuchEarlyAimingJustAfterTheTurn() {
    assertThat(latency.estimate()).isEqualTo(ReturnLatency.INITIAL);
    // 2 s, less the 150 ms a job is assumed to come back late, plus 100 ms after the turn
    assertThat(latency.backoffFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(1950));
    assertThat(latency.backoffFor(Duration.ofMillis(50))).as("exactly zero").isZero();
    for (int i = 0; i < 40; i++) {
      latency.sample(Duration.ofSeconds(2));
    }
    assertThat(latency.backoffFor(Duration.ofMillis(100))).as("never negative").isZero();
  }

  @Test
  void learnsHowLateJobsComeBack() {
    for (int i = 0; i < 30; i++) {
      latency.sample(Duration.ofMillis(550));
    }
    assertThat(latency.estimate()).isBetween(Duration.ofMillis(540), Duration.ofMillis(550));
    latency.sample(Duration.ofMillis(150)); // a quarter of the way towards it
    assertThat(latency.estimate()).isBetween(Duration.ofMillis(440), Duration.ofMillis(450));
  }

  @Test
  void earlyReturnsLowerItAndItStaysWithinItsBounds() {
    for (int i = 0; i < 40; i++) {
      latency.sample(Duration.ofMillis(-800));
    }
    assertThat(latency.estimate()).isZero();
    for (int i = 0; i < 40; i++) {
      latency.sample(Duration.ofMillis(4000));
    }
    assertThat(latency.estimate()).isEqualTo(ReturnLatency.MAX);
  }

  @Test
  void aReturnFarFromItsTimeTeachesNothing() {
    latency.sample(Duration.ofSeconds(6));
    latency.sample(Duration.ofSeconds(-6));
    assertThat(latency.estimate()).isEqualTo(ReturnLatency.INITIAL);
    latency.sample(Duration.ofSeconds(5)); // at the bound: counted
    assertThat(latency.estimate()).isGreaterThan(ReturnLatency.INITIAL);
  }
}
