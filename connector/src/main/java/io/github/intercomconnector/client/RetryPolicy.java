/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides, after each attempt of one call, what happens next: return the answer, wait and try
 * again, hand the call back to the caller with a time to wait, or give up. {@link #decide} is a
 * pure function of the attempt so far and the outcome, so its table is tested without a server or a
 * clock. The README's "Retries and rate limits" section describes these numbers.
 *
 * @param maxAttempts HTTP attempts per call for 408, 5xx and network failures
 * @param baseDelay first backoff; it doubles with every attempt
 * @param maxDelay cap of one backoff
 * @param maxInlineWait longest wait spent inside one call; a longer one is handed back instead
 * @param maxRateLimitedAnswers 429 answers one call waits out before it is handed back
 * @param jitter random source in [0, 1)
 * @param platformThreadRateLimitWait longest rate-limit wait spent inside a call on a platform
 *     thread: the runtime's execution threads are few and shared by every connector, so a longer
 *     wait hands the call back instead of holding one (a virtual thread waits up to {@code
 *     maxInlineWait})
 */
public record RetryPolicy(
    int maxAttempts,
    Duration baseDelay,
    Duration maxDelay,
    Duration maxInlineWait,
    int maxRateLimitedAnswers,
    DoubleSupplier jitter,
    Duration platformThreadRateLimitWait) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(4),
          Duration.ofSeconds(12),
          3,
          () -> ThreadLocalRandom.current().nextDouble(),
          Duration.ofMillis(200));

  /** Added to a wait for the window's reset, so that the call arrives after it. */
  static final Duration AFTER_RESET = Duration.ofMillis(50);

  /**
   * Never less than this between two 429s, whatever the headers say: Intercom asks not to hammer.
   */
  static final Duration MIN_RATE_LIMITED_WAIT = Duration.ofSeconds(1);

  /** What happened so far within one call. */
  public record Attempt(int exchanges, int transientFailures, int rateLimited, Duration waited) {
    public static final Attempt FIRST = new Attempt(0, 0, 0, Duration.ZERO);

    /** The attempt after {@code outcome}, once {@code wait} has been waited. */
    public Attempt after(AttemptResult outcome, Duration wait) {
      boolean exchanged = !(outcome instanceof AttemptResult.NotSent);
      boolean transientFailure =
          outcome instanceof AttemptResult.NoAnswer
              || outcome instanceof AttemptResult.Answered a && isTransient(a.status());
      boolean limited = outcome instanceof AttemptResult.Answered a && a.status() == 429;
      return new Attempt(
          exchanges + (exchanged ? 1 : 0),
          transientFailures + (transientFailure ? 1 : 0),
          rateLimited + (limited ? 1 : 0),
          waited.plus(wait));
    }
  }

  /** What one attempt came to. */
  public sealed interface AttemptResult {
    /** The rate-limit view says the app's window is used up for {@code gateWait}: not sent. */
    record NotSent(Duration gateWait) implements AttemptResult {}

    /**
     * Intercom answered {@code status}; for a 429, {@code serverWait} is how long its headers ask
     * to wait (Retry-After, else until X-RateLimit-Reset), or null when they say nothing usable.
     */
    record Answered(int status, Duration serverWait) implements AttemptResult {}

    /** A success status whose body is not a JSON object. */
    record Unreadable(int status) implements AttemptResult {}

    /** No answer: connection refused or dropped, timeout. */
    record NoAnswer(Exception cause) implements AttemptResult {}
  }

  /** What to do next. */
  public sealed interface Step {
    /** Return the answer. */
    record Return() implements Step {}

    /** Wait, then try again. */
    record Wait(Duration duration) implements Step {}

    /** Stop and tell the caller to try again after {@code backoff}. */
    record HandBack(Duration backoff) implements Step {}

    /** Stop: the call failed. */
    record GiveUp() implements Step {}
  }

  /** The next step after {@code outcome}, given the attempt so far, for a virtual thread. */
  public Step decide(Attempt soFar, AttemptResult outcome) {
    return decide(soFar, outcome, true);
  }

  /**
   * The next step after {@code outcome}, given the attempt so far. {@code cheapWaits}: whether the
   * caller runs on a virtual thread, where waiting holds nothing; on a platform thread a rate-limit
   * wait longer than {@link #platformThreadRateLimitWait} hands the call back.
   */
  public Step decide(Attempt soFar, AttemptResult outcome, boolean cheapWaits) {
    Duration rateLimitWaitCap = cheapWaits ? maxInlineWait : platformThreadRateLimitWait;
    return switch (outcome) {
      // The line of the rate-limit view says when the turn is due: no jitter needed.
      case AttemptResult.NotSent notSent ->
          waitOrHandBack(soFar, notSent.gateWait().plus(AFTER_RESET), rateLimitWaitCap);
      case AttemptResult.Answered a when a.status() == 429 -> {
        Duration asked = a.serverWait() == null ? backoff(soFar.exchanges() + 1) : a.serverWait();
        Duration wait = spread(atLeast(asked, MIN_RATE_LIMITED_WAIT));
        yield soFar.rateLimited() + 1 > maxRateLimitedAnswers
            ? new Step.HandBack(wait)
            : waitOrHandBack(soFar, wait, rateLimitWaitCap);
      }
      case AttemptResult.Answered a when a.status() >= 200 && a.status() < 300 -> new Step.Return();
      case AttemptResult.Answered a when isTransient(a.status()) -> retryTransient(soFar);
      case AttemptResult.Answered a -> new Step.GiveUp();
      case AttemptResult.Unreadable u -> new Step.GiveUp();
      case AttemptResult.NoAnswer n -> retryTransient(soFar);
    };
  }

  private Step waitOrHandBack(Attempt soFar, Duration wait, Duration cap) {
    return exceedsInlineWait(soFar, wait) || wait.compareTo(cap) > 0
        ? new Step.HandBack(wait)
        : new Step.Wait(wait);
  }

  private Step retryTransient(Attempt soFar) {
    int failures = soFar.transientFailures() + 1;
    Duration wait = backoff(failures);
    if (failures >= maxAttempts || exceedsInlineWait(soFar, wait)) {
      return new Step.GiveUp();
    }
    return new Step.Wait(wait);
  }

  private boolean exceedsInlineWait(Attempt soFar, Duration wait) {
    return soFar.waited().plus(wait).compareTo(maxInlineWait) > 0;
  }

  /** Whether a status is worth trying again soon: 408 and 5xx. */
  static boolean isTransient(int status) {
    return status == 408 || status >= 500;
  }

  /** Exponential backoff before attempt {@code attempt + 1}, capped, with ±20 % jitter. */
  public Duration backoff(int attempt) {
    long base = baseDelay.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, maxDelay.toMillis());
    return Duration.ofMillis(Math.round(capped * (0.8 + 0.4 * jitter.getAsDouble())));
  }

  /**
   * A wait imposed by Intercom (rate-limit reset), spread by 0–20 % plus 50 ms so that workers do
   * not stampede at the reset.
   */
  public Duration spread(Duration wait) {
    long ms = Math.max(wait.toMillis(), 0);
    return Duration.ofMillis(ms + Math.round(ms * 0.2 * jitter.getAsDouble()) + 50);
  }

  /** The longer of the two. */
  static Duration atLeast(Duration wait, Duration minimum) {
    return Collections.max(List.of(wait, minimum));
  }
}
