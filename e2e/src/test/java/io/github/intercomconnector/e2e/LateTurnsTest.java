/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bursts count a window's calls against the jobs it could have had: these are the rules for a
 * job brought back late, on records written by hand (2-second windows from 10 s, 12 s and 14 s).
 */
class LateTurnsTest {

  private static final List<Long> MIDDLE = List.of(10L, 12L, 14L);

  /** A hand-back of {@code job} at log position {@code position}, due back at {@code due} ms. */
  private static ThrottledBurst.HandBack handBack(long job, long position, long due) {
    return new ThrottledBurst.HandBack(job, position, due);
  }

  private static ThrottledBurst.Activation activated(long job, long position, long at) {
    return new ThrottledBurst.Activation(job, position, at);
  }

  private static Map<Long, Integer> late(
      List<ThrottledBurst.HandBack> handBacks, List<ThrottledBurst.Activation> activations) {
    return ThrottledBurst.lateTurns(handBacks, activations, MIDDLE, 2);
  }

  @Test
  void aJobActivatedAfterTheWindowOfItsTurnIsLateThere() {
    // Handed back 100 ms early for a turn at 12 s, activated again once that window had ended.
    assertThat(late(List.of(handBack(1, 5, 11_900)), List.of(activated(1, 6, 14_000))))
        .isEqualTo(Map.of(12L, 1));
  }

  @Test
  void aJobActivatedWithinTheWindowOfItsTurnIsNotLate() {
    assertThat(
            late(
                List.of(handBack(1, 5, 11_900), handBack(2, 7, 12_150)),
                List.of(activated(1, 6, 13_999), activated(2, 8, 12_300))))
        .isEmpty();
  }

  @Test
  void theTurnIsTheWindowTheDuePlusASecondFallsIn() {
    // Due 0.85 s before its turn at 12 s (the line learned that jobs come back a second late), and
    // due 0.15 s into it: both turns are in the window from 12 s, not the one before.
    assertThat(
            late(
                List.of(handBack(1, 5, 11_150), handBack(2, 7, 12_150)),
                List.of(activated(1, 6, 14_100), activated(2, 8, 14_200))))
        .isEqualTo(Map.of(12L, 2));
  }

  @Test
  void onlyAnActivationAfterTheHandBackBringsTheJobBack() {
    // Activated before the hand-back (position 4), never after it: late.
    assertThat(
            late(
                List.of(handBack(1, 5, 9_900), handBack(2, 5, 9_900)),
                List.of(activated(1, 4, 10_100), activated(2, 9, 10_100))))
        .isEqualTo(Map.of(10L, 1));
  }

  @Test
  void turnsOutsideTheMiddleWindowsAreNotCounted() {
    assertThat(late(List.of(handBack(1, 5, 7_900), handBack(2, 6, 15_900)), List.of())).isEmpty();
  }
}
