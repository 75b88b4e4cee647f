/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers, per Intercom app (base URL and token fingerprint), what the last answers said about
 * the rate limit ({@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code
 * X-RateLimit-Reset}) and spends the remaining calls of the window across all callers of this
 * process. When the window is used up, callers wait in a line, first come first served: each learns
 * when its turn is due (the window that will have room for it), and a caller that comes back with
 * its {@link Turn} keeps its place. A caller that has made a call goes before the line, so work
 * begun finishes first.
 *
 * <p>The calls left in a window are counted atomically. While the window's end is told and no one
 * waits, a caller takes its call with one atomic count down, without the app's lock, and an answer
 * that tells nothing new (the same window and limit, no less room than counted) is taken in without
 * it too: many callers at once do not queue on the lock. Everything else takes the lock.
 */
final class RateLimitGate {

  /** Window length until the answers show a shorter one: Intercom's windows are 10 seconds. */
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

  /**
   * The window length assumed for the turns of later windows until the answers show it: short, so
   * that callers come back too early rather than leave windows unused.
   */
  static final Duration UNLEARNED_WINDOW = Duration.ofSeconds(1);

  /**
   * How long a caller due and not back yet holds the window's room for itself: one that comes later
   * than this keeps its place in the line, but callers already here spend the room meanwhile, so a
   * window is not left unused for callers that are late.
   */
  static final Duration LATE_RETURN_HOLD = Duration.ofMillis(500);

  /** How long to wait when a new window began and no answer has told its end yet. */
  static final Duration UNKNOWN_RESET_WAIT = Duration.ofMillis(250);

  private final Clock clock;
  private final ConcurrentMap<String, App> apps = new ConcurrentHashMap<>();

  RateLimitGate(Clock clock) {
    this.clock = clock;
  }

  /** Takes one call for a caller without a turn of its own; zero to go now, or how long to wait. */
  Duration acquire(String key) {
    return acquire(key, new Turn());
  }

  /**
   * Takes one call for {@code turn}; returns zero to go now, or how long to wait for its turn. The
   * first call to an app nothing is known about goes alone: the others wait a moment for its answer
   * to tell the window, instead of all going at once into a limit they do not know.
   */
  Duration acquire(String key, Turn turn) {
    App app = apps.computeIfAbsent(key, k -> new App());
    Instant now = clock.instant();
    return app.takeOpen(turn, now) ? Duration.ZERO : app.acquire(turn, key, now);
  }

  /** Records what an answer said about the window. */
  void update(String key, Integer limit, Integer remaining, Instant reset) {
    if (remaining == null || reset == null) {
      return;
    }
    App app = apps.computeIfAbsent(key, k -> new App());
    if (app.changedBy(limit, remaining, reset)) {
      app.update(limit, remaining, reset);
    }
  }

  /**
   * Records an answer that said nothing about the rate limit (a gateway may strip the headers): the
   * first call's answer then lets everyone go, as without a limit.
   */
  void untold(String key) {
    App app = apps.get(key);
    if (app != null) {
      app.untold();
    }
  }

  /**
   * Marks the window as used up until {@code reset} (after a 429). That time is worked out here,
   * not told by Intercom, so it does not teach the window's length.
   */
  void exhaust(String key, Instant reset) {
    apps.computeIfAbsent(key, k -> new App()).usedUpUntil(reset);
  }

  /** The window length the answers have shown so far. */
  Duration window(String key) {
    App app = apps.get(key);
    return app == null ? DEFAULT_WINDOW : app.window();
  }

  /** One app's window and line. */
  private static final class App {

    // Changed under the lock; read without it to tell whether an answer tells anything new.
    private volatile int limit = -1;
    private volatile Instant lastReset; // the last window end an answer told: the window length

    private boolean probing = true; // remaining is not a count yet: no answer told one
    private Instant reset; // null: a new window began and no answer told its end yet
    private Instant windowStarted; // when the window whose end is not told yet began

    /** Calls left in the window; until an answer tells more, one call, to learn the window. */
    private final AtomicInteger remaining = new AtomicInteger(1);

    /** Until when callers without a place may take a call without the lock: none wait till then. */
    private volatile Instant openUntil = Instant.MIN;

    /** Calls taken without the lock, and the turns they started, not yet in the window's counts. */
    private final LongAdder openCalls = new LongAdder();

    private final LongAdder openTurns = new LongAdder();
    private Duration window = DEFAULT_WINDOW;
    private boolean windowLearned; // a window's length seen: the next end can be foretold

    /** Places in the line: number to when that caller is due. */
    private final TreeMap<Long, Instant> line = new TreeMap<>();

    private long next;

    /** Calls per turn, from the last windows: how many turns one window serves. */
    private double callsPerTurn = 1;

    private long callsThisWindow;
    private long turnsStartedThisWindow;

    /**
     * Takes a call without the lock for a caller without a place in the line, while the window is
     * open; false when the caller must take the lock (a line, no room, the window's end passed).
     */
    boolean takeOpen(Turn turn, Instant now) {
      if (!now.isBefore(openUntil)) {
        return false;
      }
      boolean taken;
      synchronized (turn) {
        taken = turn.number == Turn.NONE && takeRoom();
        if (taken && !turn.started) {
          turn.started = true;
          openTurns.increment();
        }
      }
      if (taken) {
        openCalls.increment();
      }
      return taken;
    }

    /** Counts one call off the window's room, if it has any. */
    private boolean takeRoom() {
      return remaining.getAndUpdate(left -> Math.max(left - 1, 0)) > 0;
    }

    /**
     * Whether an answer tells anything this view does not know: the window last told, the same
     * limit and at least the room counted here tell nothing new, and most answers in a busy window
     * do not. (An answer about the window last told, once this view counts in a later one, would
     * change nothing either.)
     */
    boolean changedBy(Integer newLimit, int newRemaining, Instant newReset) {
      return !newReset.equals(lastReset)
          || (newLimit != null && newLimit != limit)
          || newRemaining < remaining.get();
    }

    /** Lets callers take calls without the lock while the window's end is told and none wait. */
    private void open() {
      openUntil = !probing && reset != null && line.isEmpty() ? reset : Instant.MIN;
    }

    synchronized Duration acquire(Turn turn, String key, Instant now) {
      try {
        return acquireLocked(turn, key, now);
      } finally {
        open();
      }
    }

    private Duration acquireLocked(Turn turn, String key, Instant now) {
      roll(now);
      expire(now);
      synchronized (turn) {
        if (turn.number != Turn.NONE && !key.equals(turn.app)) {
          turn.number = Turn.NONE; // a place in another app's line means nothing here
        }
        if (turn.number == Turn.NONE) {
          if (turn.started || line.isEmpty()) {
            if (takeRoom()) {
              take(turn, now);
              return Duration.ZERO;
            }
          }
          // Work begun goes to the front; anything else to the back.
          turn.number = turn.started && !line.isEmpty() ? line.firstKey() - 1 : next++;
          turn.app = key;
        }
        line.putIfAbsent(turn.number, now); // a place that expired is given back on return
        Map<Long, Instant> ahead = line.headMap(turn.number);
        Instant lateSince = now.minus(LATE_RETURN_HOLD);
        long dueAhead =
            ahead.values().stream()
                .filter(due -> !due.isAfter(now) && !due.isBefore(lateSince))
                .count();
        if (remaining.get() > dueAhead && takeRoom()) {
          line.remove(turn.number);
          turn.number = Turn.NONE;
          take(turn, now);
          return Duration.ZERO;
        }
        Instant due = due(ahead.size(), now);
        line.put(turn.number, due);
        if (turn.waitingSince == null) {
          turn.waitingSince = now;
        }
        return Duration.between(now, due);
      }
    }

    /** When a caller with {@code ahead} callers before it can expect room. */
    private Instant due(int ahead, Instant now) {
      Instant start = reset != null ? reset : nextReset(now);
      if (probing) {
        // Nothing is known of the app yet: everyone waits only for the first answer, and the line
        // paces them by what it tells, not by a pace guessed before it (a cold runtime would
        // otherwise send one call a second, whatever the app allows).
        return start;
      }
      int perWindow = Math.max(1, (int) Math.floor(Math.max(limit, 1) / callsPerTurn));
      long laterWindows = Math.max(0, ahead - Math.max(remaining.get(), 0)) / perWindow;
      return start.plus((windowLearned ? window : UNLEARNED_WINDOW).multipliedBy(laterWindows));
    }

    /** The end of the window running now, foretold from the last one an answer told. */
    private Instant nextReset(Instant now) {
      if (!windowLearned || lastReset == null) {
        return now.plus(UNKNOWN_RESET_WAIT);
      }
      long windows = Duration.between(lastReset, now).toMillis() / window.toMillis() + 1;
      return lastReset.plus(window.multipliedBy(windows));
    }

    private void take(Turn turn, Instant now) {
      if (probing && windowStarted == null) {
        windowStarted = now; // should no answer tell the window, it ends after a window's length
      }
      callsThisWindow++;
      if (!turn.started) {
        turn.started = true;
        turnsStartedThisWindow++;
      }
    }

    /** A new window once the reset has passed: its calls are the limit again. */
    private void roll(Instant now) {
      boolean ended =
          reset != null
              ? !now.isBefore(reset)
              // no answer told this window's end: it has surely ended after a window's length
              : windowStarted != null
                  && !now.isBefore(windowStarted.plus(windowLearned ? window : UNLEARNED_WINDOW));
      if (ended) {
        newWindow();
        reset = null;
        windowStarted = now;
        if (probing) {
          // Still no answer to the first call: one more call may go to learn the window, not all
          // of those waiting into a limit nobody knows.
          remaining.set(1);
        } else {
          remaining.set(limit >= 0 ? limit : Integer.MAX_VALUE);
        }
      }
    }

    /**
     * Learns from the window that ended how many calls a caller makes, and starts counting anew.
     */
    private void newWindow() {
      callsThisWindow += openCalls.sumThenReset();
      turnsStartedThisWindow += openTurns.sumThenReset();
      if (turnsStartedThisWindow > 0) {
        double measured = Math.max(1, (double) callsThisWindow / turnsStartedThisWindow);
        callsPerTurn = (callsPerTurn + measured) / 2;
      }
      callsThisWindow = 0;
      turnsStartedThisWindow = 0;
    }

    /** Places whose caller did not come back long after its turn no longer hold others back. */
    private void expire(Instant now) {
      Duration grace = Duration.ofSeconds(30).plus(window.multipliedBy(3));
      line.values().removeIf(due -> due.plus(grace).isBefore(now));
    }

    synchronized void update(Integer newLimit, int newRemaining, Instant newReset) {
      if (newLimit != null) {
        limit = newLimit;
      }
      learnWindow(newReset);
      count(newRemaining, newReset);
      open();
    }

    /** After a 429: no room until then, so callers take the lock, open or not. */
    synchronized void usedUpUntil(Instant until) {
      count(0, until);
    }

    /** Learns the window's length from the window ends the answers tell, whole seconds apart. */
    private void learnWindow(Instant newReset) {
      if (lastReset != null && newReset.isAfter(lastReset)) {
        Duration step = Duration.between(lastReset, newReset);
        // Windows are aligned: the smallest step between two ends is one window. A longer step
        // than Intercom's 10 s spans idle windows and teaches nothing.
        if (step.compareTo(window) <= 0) {
          window = step;
          windowLearned = true;
        }
      }
      if (lastReset == null || newReset.isAfter(lastReset)) {
        lastReset = newReset;
      }
    }

    /**
     * Takes in that {@code newRemaining} calls are left in the window ending at {@code newReset}.
     */
    private void count(int newRemaining, Instant newReset) {
      if (reset != null && newReset.isAfter(reset)) {
        newWindow();
        remaining.set(newRemaining); // a later window than the one we counted in
        reset = newReset;
      } else if (reset == null || newReset.equals(reset)) {
        // Answers arrive out of order and calls are still in flight: the smaller count is safer,
        // once there is a count.
        if (probing) {
          remaining.set(newRemaining);
        } else {
          remaining.accumulateAndGet(newRemaining, Math::min);
        }
        reset = newReset;
      }
      probing = false;
    }

    synchronized void untold() {
      if (probing) {
        probing = false;
        remaining.set(Integer.MAX_VALUE);
      }
    }

    synchronized Duration window() {
      return window;
    }
  }
}
