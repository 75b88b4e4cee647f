/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.client.RetryPolicy.Attempt;
import io.github.intercomconnector.client.RetryPolicy.AttemptResult;
import io.github.intercomconnector.client.RetryPolicy.Step;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision table of {@link RetryPolicy#decide}: no server, no clock, no sleeping. */
class RetryPolicyTest {

  /** The default numbers, with a jitter of 0.5: backoffs exact, spreads +10 % + 50 ms. */
  private final RetryPolicy policy =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(4),
          Duration.ofSeconds(12),
          3,
          () -> 0.5,
          Duration.ofSeconds(12));

  private static Attempt attempt(
      int exchanges, int transientFailures, int rateLimited, long waitedMs) {
    return new Attempt(exchanges, transientFailures, rateLimited, Duration.ofMillis(waitedMs));
  }

  private static AttemptResult answered(int status) {
    return new AttemptResult.Answered(status, null);
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 299})
  void aSuccessIsReturned(int status) {
    assertThat(policy.decide(Attempt.FIRST, answered(status))).isEqualTo(new Step.Return());
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 302, 400, 401, 403, 404, 409, 410, 418, 422})
  void aRefusalOrRedirectIsNotTriedAgain(int status) {
    assertThat(policy.decide(attempt(2, 1, 1, 3000), answered(status)))
        .isEqualTo(new Step.GiveUp());
  }

  @Test
  void anUnreadableSuccessIsNotTriedAgain() {
    assertThat(policy.decide(Attempt.FIRST, new AttemptResult.Unreadable(200)))
        .isEqualTo(new Step.GiveUp());
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 500, 502, 503, 504, 599})
  void transientFailuresBackOffExponentiallyUpToTheThirdAttempt(int status) {
    assertThat(policy.decide(attempt(0, 0, 0, 0), answered(status)))
        .isEqualTo(new Step.Wait(Duration.ofMillis(500)));
    assertThat(policy.decide(attempt(1, 1, 0, 500), answered(status)))
        .isEqualTo(new Step.Wait(Duration.ofMillis(1000)));
    assertThat(policy.decide(attempt(2, 2, 0, 1500), answered(status)))
        .isEqualTo(new Step.GiveUp());
  }

  @Test
  void noAnswerIsTransient() {
    AttemptResult timeout = new AttemptResult.NoAnswer(new SocketTimeoutException());
    assertThat(policy.decide(attempt(0, 0, 0, 0), timeout))
        .isEqualTo(new Step.Wait(Duration.ofMillis(500)));
    assertThat(policy.decide(attempt(1, 1, 0, 500), new AttemptResult.NoAnswer(new IOException())))
        .isEqualTo(new Step.Wait(Duration.ofMillis(1000)));
    assertThat(policy.decide(attempt(2, 2, 0, 1500), timeout)).isEqualTo(new Step.GiveUp());
  }

  @Test
  void aTransientFailureGivesUpRatherThanWaitBeyondTheInlineLimit() {
    // 11.6 s waited: the 500 ms backoff would make it 12.1 s
    assertThat(policy.decide(attempt(1, 0, 1, 11_600), answered(503))).isEqualTo(new Step.GiveUp());
    assertThat(policy.decide(attempt(1, 0, 1, 11_500), answered(503)))
        .isEqualTo(new Step.Wait(Duration.ofMillis(500)));
  }

  @Test
  void a429WaitsWhatTheServerAsksSpreadAndNeverLessThanASecond() {
    assertThat(policy.decide(Attempt.FIRST, new AttemptResult.Answered(429, Duration.ofSeconds(2))))
        .isEqualTo(new Step.Wait(Duration.ofMillis(2250)));
    assertThat(policy.decide(Attempt.FIRST, new AttemptResult.Answered(429, Duration.ZERO)))
        .isEqualTo(new Step.Wait(Duration.ofMillis(1150)));
    // headers say nothing: the backoff of the attempt, at least a second
    assertThat(policy.decide(attempt(2, 0, 0, 0), answered(429)))
        .isEqualTo(new Step.Wait(Duration.ofMillis(2250)));
  }

  @Test
  void theFourth429HandsTheCallBack() {
    AttemptResult limited = new AttemptResult.Answered(429, Duration.ofSeconds(1));
    assertThat(policy.decide(attempt(2, 0, 2, 2300), limited))
        .isEqualTo(new Step.Wait(Duration.ofMillis(1150)));
    assertThat(policy.decide(attempt(3, 0, 3, 3450), limited))
        .isEqualTo(new Step.HandBack(Duration.ofMillis(1150)));
  }

  @Test
  void aResetBeyondTheInlineLimitHandsTheCallBackWithThatWait() {
    assertThat(
            policy.decide(Attempt.FIRST, new AttemptResult.Answered(429, Duration.ofSeconds(60))))
        .isEqualTo(new Step.HandBack(Duration.ofMillis(66_050)));
    assertThat(
            policy.decide(attempt(1, 0, 0, 0), new AttemptResult.NotSent(Duration.ofSeconds(20))))
        .isEqualTo(new Step.HandBack(Duration.ofMillis(20_050)));
  }

  @Test
  void aUsedUpWindowIsWaitedForBeforeSending() {
    // the line says when the turn is due: no jitter, 50 ms to arrive after the reset
    assertThat(policy.decide(Attempt.FIRST, new AttemptResult.NotSent(Duration.ofSeconds(3))))
        .isEqualTo(new Step.Wait(Duration.ofMillis(3050)));
    // exactly at the limit still waits; beyond it hands back
    assertThat(
            policy.decide(attempt(0, 0, 0, 8950), new AttemptResult.NotSent(Duration.ofSeconds(3))))
        .isEqualTo(new Step.Wait(Duration.ofMillis(3050)));
    assertThat(
            policy.decide(attempt(0, 0, 0, 8951), new AttemptResult.NotSent(Duration.ofSeconds(3))))
        .isEqualTo(new Step.HandBack(Duration.ofMillis(3050)));
  }

  /** The runtime's execution threads, shared by every connector, wait only a moment. */
  private final RetryPolicy platform =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(4),
          Duration.ofSeconds(12),
          3,
          () -> 0.5,
          Duration.ofMillis(200));

  @Test
  void onAPlatformThreadOnlyAMomentsWaitForTheRateLimitIsSpentInline() {
    assertThat(
            platform.decide(
                Attempt.FIRST, new AttemptResult.NotSent(Duration.ofMillis(150)), false))
        .isEqualTo(new Step.Wait(Duration.ofMillis(200)));
    assertThat(
            platform.decide(
                Attempt.FIRST, new AttemptResult.NotSent(Duration.ofMillis(151)), false))
        .isEqualTo(new Step.HandBack(Duration.ofMillis(201)));
    assertThat(
            platform.decide(
                Attempt.FIRST, new AttemptResult.Answered(429, Duration.ofSeconds(1)), false))
        .as("a 429 waits at least a second: handed back")
        .isEqualTo(new Step.HandBack(Duration.ofMillis(1150)));
    // a virtual thread waits as long as the inline limit allows
    assertThat(
            platform.decide(Attempt.FIRST, new AttemptResult.NotSent(Duration.ofSeconds(3)), true))
        .isEqualTo(new Step.Wait(Duration.ofMillis(3050)));
    assertThat(platform.decide(Attempt.FIRST, new AttemptResult.NotSent(Duration.ofSeconds(3))))
        .as("without a word, a caller's waits are cheap")
        .isEqualTo(new Step.Wait(Duration.ofMillis(3050)));
  }

  @Test
  void transientBackoffsAreNotCutShortOnAPlatformThread() {
    assertThat(platform.decide(Attempt.FIRST, answered(503), false))
        .isEqualTo(new Step.Wait(Duration.ofMillis(500)));
  }

  @Test
  void theAttemptCountsWhatHappened() {
    Attempt a =
        Attempt.FIRST
            .after(new AttemptResult.NotSent(Duration.ofSeconds(1)), Duration.ofMillis(100))
            .after(answered(503), Duration.ofMillis(200))
            .after(new AttemptResult.NoAnswer(new IOException()), Duration.ofMillis(300))
            .after(answered(429), Duration.ofMillis(400))
            .after(answered(408), Duration.ZERO);
    assertThat(a).isEqualTo(attempt(4, 3, 1, 1000));
  }

  @Test
  void backoffAndSpreadFollowTheJitter() {
    RetryPolicy low =
        new RetryPolicy(
            3,
            Duration.ofMillis(500),
            Duration.ofSeconds(4),
            Duration.ofSeconds(12),
            3,
            () -> 0.0,
            Duration.ofSeconds(12));
    RetryPolicy high =
        new RetryPolicy(
            3,
            Duration.ofMillis(500),
            Duration.ofSeconds(4),
            Duration.ofSeconds(12),
            3,
            () -> 0.999,
            Duration.ofSeconds(12));
    assertThat(low.spread(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(10_050));
    assertThat(high.spread(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(12_048));
    assertThat(low.spread(Duration.ofSeconds(-1))).isEqualTo(Duration.ofMillis(50));
    assertThat(high.backoff(1)).isEqualTo(Duration.ofMillis(600));
    assertThat(low.backoff(3)).isEqualTo(Duration.ofMillis(1600));
  }
}
