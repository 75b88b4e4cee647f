/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.testing.TestClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rate-limit view's window and its line, on a clock of the test's own. */
class RateLimitGateTest {

  static final String APP = "app-a";

  final TestClock clock = new TestClock();
  final RateLimitGate gate = new RateLimitGate(clock);

  /** The window ends {@code seconds} from now, with {@code remaining} of {@code limit} calls. */
  private Instant window(int limit, int remaining, long seconds) {
    Instant reset = clock.instant().plusSeconds(seconds);
    gate.update(APP, limit, remaining, reset);
    return reset;
  }

  /**
   * The app's own state in the gate, whose monitor is the lock its callers take; null before the
   * app's first call. Read here by reflection: the gate has no door for tests.
   */
  private Object app() {
    try {
      Field apps = RateLimitGate.class.getDeclaredField("apps");
      apps.setAccessible(true);
      return ((Map<?, ?>) apps.get(gate)).get(APP);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** How many callers wait in the app's line now, read under the app's lock. */
  private int waiting() {
    Object app = app();
    if (app == null) {
      return 0;
    }
    try {
      Field line = app.getClass().getDeclaredField("line");
      line.setAccessible(true);
      synchronized (app) {
        return ((Map<?, ?>) line.get(app)).size();
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Duration untilThen(Instant then) {
    return Duration.between(clock.instant(), then);
  }

  @Test
  void anAppNoAnswerHasToldAboutGoesAtOnce() {
    Turn turn = new Turn();
    assertThat(gate.acquire(APP, turn)).isZero();
    assertThat(turn.started).isTrue();
    assertThat(waiting()).isZero();
  }

  @Test
  void theRemainingCallsAreSpentThenCallersWaitForTheReset() {
    Instant reset = window(10, 2, 4);

    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP)).isEqualTo(untilThen(reset));

    clock.advance(Duration.ofSeconds(4));
    assertThat(gate.acquire(APP)).as("a new window: the limit again").isZero();
  }

  @Test
  void callersWaitInTheOrderTheyCameAndEachWindowServesItsShare() {
    Instant reset = window(2, 0, 1);
    gate.update(APP, 2, 0, reset.plusSeconds(1)); // the next window: windows are a second long
    clock.advance(Duration.ofSeconds(1));
    Instant next = reset.plusSeconds(1);
    Turn a = new Turn();
    Turn b = new Turn();
    Turn c = new Turn();
    Turn d = new Turn();
    Turn e = new Turn();

    assertThat(gate.acquire(APP, a)).isEqualTo(untilThen(next));
    assertThat(gate.acquire(APP, b)).isEqualTo(untilThen(next));
    assertThat(gate.acquire(APP, c))
        .as("the window after")
        .isEqualTo(untilThen(next).plusSeconds(1));
    assertThat(gate.acquire(APP, d)).isEqualTo(untilThen(next).plusSeconds(1));
    assertThat(gate.acquire(APP, e)).isEqualTo(untilThen(next).plusSeconds(2));
    assertThat(waiting()).isEqualTo(5);
    assertThat(a.waiting()).isTrue();
    assertThat(a.waitingSince()).isEqualTo(clock.instant());

    clock.advance(untilThen(next));
    // c comes back too early: a and b, due now, are ahead of it
    assertThat(gate.acquire(APP, c)).isEqualTo(Duration.ofSeconds(1));
    // a newcomer cannot pass those due now either
    Turn late = new Turn();
    assertThat(gate.acquire(APP, late)).isEqualTo(Duration.ofSeconds(2));
    // b comes back before a: room for both, so b need not wait for a
    assertThat(gate.acquire(APP, b)).isZero();
    assertThat(gate.acquire(APP, a)).isZero();
    assertThat(a.waiting()).isFalse();
    assertThat(a.waitingSince()).as("kept: the job's whole wait").isNotNull();
    assertThat(waiting()).isEqualTo(4);
  }

  @Test
  void aCallerDueNowHoldsTheLastCallsForItself() {
    Instant reset = window(1, 0, 1);
    Turn first = new Turn();
    Turn second = new Turn();
    assertThat(gate.acquire(APP, first)).isEqualTo(untilThen(reset));
    clock.advance(Duration.ofSeconds(1));

    // the window has one call: first is due and not back yet, so a newcomer waits
    assertThat(gate.acquire(APP, second)).isPositive();
    assertThat(gate.acquire(APP, first)).isZero();
  }

  @Test
  void aCallerLateBackLetsThoseHereSpendTheRoomAndKeepsItsPlace() {
    Instant reset = window(1, 0, 1);
    Turn late = new Turn();
    Turn here = new Turn();
    assertThat(gate.acquire(APP, late)).isEqualTo(untilThen(reset));
    assertThat(gate.acquire(APP, here))
        .isEqualTo(untilThen(reset).plus(RateLimitGate.UNLEARNED_WINDOW));
    clock.advance(Duration.ofSeconds(1));
    clock.advance(RateLimitGate.LATE_RETURN_HOLD);
    assertThat(gate.acquire(APP, here))
        .as("held for late, exactly as long as the hold")
        .isPositive();

    clock.advance(Duration.ofMillis(1));
    assertThat(gate.acquire(APP, here)).as("late is later than the hold").isZero();
    assertThat(waiting()).as("late keeps its place").isEqualTo(1);
    assertThat(gate.acquire(APP, late)).as("the window is spent").isPositive();
    assertThat(late.number).isNotEqualTo(Turn.NONE);
  }

  @Test
  void workBegunGoesBeforeTheLine() {
    Instant reset = window(3, 1, 1);
    Turn begun = new Turn();
    assertThat(gate.acquire(APP, begun)).isZero(); // its first call
    Turn waiting = new Turn();
    assertThat(gate.acquire(APP, waiting)).isEqualTo(untilThen(reset));

    // its next call: the window is used up, so it waits, but at the front of the line
    assertThat(gate.acquire(APP, begun)).isEqualTo(untilThen(reset));
    assertThat(begun.number).isLessThan(waiting.number);

    clock.advance(Duration.ofSeconds(1));
    assertThat(gate.acquire(APP, begun)).isZero();
    assertThat(gate.acquire(APP, waiting)).isZero();
  }

  @Test
  void begunWorkWithRoomLeftGoesEvenPastCallersDueNow() {
    Instant reset = window(2, 0, 1);
    Turn begun = new Turn();
    begun.started = true;
    Turn due = new Turn();
    assertThat(gate.acquire(APP, due)).isEqualTo(untilThen(reset));
    clock.advance(Duration.ofSeconds(1));

    assertThat(gate.acquire(APP, begun)).isZero();
    assertThat(gate.acquire(APP, due)).isZero();
  }

  @Test
  void aPlaceWhoseCallerNeverCameBackStopsHoldingOthersBack() {
    Instant reset = window(1, 0, 1);
    Turn gone = new Turn();
    assertThat(gate.acquire(APP, gone)).isEqualTo(untilThen(reset));
    // well after its turn and the grace (30 s plus three windows)
    clock.advance(Duration.ofSeconds(1 + 30 + 30 + 1));
    Turn newcomer = new Turn();
    assertThat(gate.acquire(APP, newcomer)).isZero();
    assertThat(waiting()).isZero();

    // coming back after all, it takes its old place again, ahead of later callers
    gate.update(APP, 1, 0, clock.instant().plusSeconds(1));
    Turn later = new Turn();
    gate.acquire(APP, later);
    gate.acquire(APP, gone);
    assertThat(gone.number).isLessThan(later.number);
  }

  @Test
  void theWindowLengthIsLearnedFromTheAnswers() {
    assertThat(gate.window(APP)).isEqualTo(RateLimitGate.DEFAULT_WINDOW);
    Instant reset = window(5, 3, 1);
    assertThat(gate.window(APP)).isEqualTo(RateLimitGate.DEFAULT_WINDOW);
    gate.update(APP, 5, 5, reset.plusSeconds(40)); // idle for a while: a step over many windows
    assertThat(gate.window(APP)).isEqualTo(RateLimitGate.DEFAULT_WINDOW);
    gate.update(APP, 5, 5, reset.plusSeconds(44));
    assertThat(gate.window(APP)).isEqualTo(Duration.ofSeconds(4));
    gate.update(APP, 5, 4, reset.plusSeconds(54)); // a longer step after learning one
    assertThat(gate.window(APP)).isEqualTo(Duration.ofSeconds(4));
    gate.update(APP, 5, 4, reset.plusSeconds(56));
    assertThat(gate.window(APP)).isEqualTo(Duration.ofSeconds(2));
    gate.update(APP, 5, 4, reset.plusSeconds(56)); // the same window again changes nothing
    gate.update(APP, 5, 4, reset.plusSeconds(55)); // an older answer neither
    assertThat(gate.window(APP)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aWindowServesFewerCallersWhenEachMakesSeveralCalls() {
    Instant reset = window(4, 4, 1);
    Turn one = new Turn();
    Turn two = new Turn();
    for (int i = 0; i < 2; i++) {
      assertThat(gate.acquire(APP, one)).isZero();
      assertThat(gate.acquire(APP, two)).isZero();
    }
    // four calls by two callers: from the next window on, two callers fit a window of four
    clock.advance(untilThen(reset));
    gate.update(APP, 4, 0, reset.plusSeconds(1));
    Instant next = reset.plusSeconds(1);
    Duration[] waits = new Duration[5];
    for (int i = 0; i < waits.length; i++) {
      waits[i] = gate.acquire(APP, new Turn());
    }
    Duration toNext = untilThen(next);
    Duration window = Duration.ofSeconds(1); // learned from the two window ends
    assertThat(gate.window(APP)).isEqualTo(window);
    assertThat(waits)
        .containsExactly(
            toNext,
            toNext,
            toNext.plus(window),
            toNext.plus(window),
            toNext.plus(window.multipliedBy(2)));
  }

  @Test
  void intercomsOwnTenSecondWindowsAreLearnedToo() {
    Instant first = window(1, 0, 10);
    gate.update(APP, 1, 0, first.plusSeconds(10)); // the next window ends ten seconds later
    clock.advance(Duration.ofSeconds(20));
    assertThat(gate.acquire(APP)).as("the limit of the window after").isZero();

    // No answer has told this window's end yet; it is foretold from the windows seen.
    assertThat(gate.acquire(APP)).isEqualTo(Duration.ofSeconds(10));
    assertThat(gate.window(APP)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aNewWindowWhoseEndIsNotToldYetIsSpentThenWaitedOnBriefly() {
    Instant reset = window(1, 0, 1);
    clock.advance(untilThen(reset));
    assertThat(gate.acquire(APP)).isZero(); // the limit of the new window
    assertThat(gate.acquire(APP)).isEqualTo(RateLimitGate.UNKNOWN_RESET_WAIT);
  }

  @Test
  void aWindowWhoseEndNoAnswerToldEndsAfterAWindowsLength() {
    Instant reset = window(1, 0, 1);
    clock.advance(untilThen(reset));
    assertThat(gate.acquire(APP)).isZero(); // its one call, and no answer came
    Turn next = new Turn();
    assertThat(gate.acquire(APP, next)).isEqualTo(RateLimitGate.UNKNOWN_RESET_WAIT);
    clock.advance(RateLimitGate.UNLEARNED_WINDOW.minusMillis(1));
    assertThat(gate.acquire(APP, next)).isPositive();
    clock.advance(Duration.ofMillis(1));
    assertThat(gate.acquire(APP, next)).as("not stuck waiting for an answer").isZero();
  }

  @Test
  void onceTheWindowIsKnownTheEndOfANewWindowIsForetold() {
    Instant reset = window(1, 0, 1);
    gate.update(APP, 1, 0, reset.plusSeconds(1)); // windows of a second
    clock.advance(Duration.ofMillis(2300)); // 0.3 s into the window after the one told
    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP)).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void a429UsesTheWindowUpUntilItsReset() {
    gate.exhaust(APP, clock.instant().plusSeconds(3));
    assertThat(gate.acquire(APP)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void theEndAfterA429IsWorkedOutAndTeachesNotTheWindowsLength() {
    Instant reset = window(2, 0, 2);
    gate.update(APP, 2, 0, reset.plusSeconds(2)); // windows of two seconds
    // The wait for a 429 is worked out from the told end and a clock read a moment earlier: the
    // end it gives lands a few microseconds after the told one, which no window is that short.
    gate.exhaust(APP, reset.plusSeconds(2).plusNanos(3_000));
    assertThat(gate.window(APP)).isEqualTo(Duration.ofSeconds(2));

    clock.advance(Duration.ofMillis(4100)); // 0.1 s into the window after the last told
    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP))
        .as("the third waits for the foretold end of this window")
        .isEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void aPlaceInAnotherAppsLineCountsForNothing() {
    Instant reset = window(1, 0, 1);
    gate.update("app-b", 1, 0, reset);
    Turn turn = new Turn();
    gate.acquire("app-b", turn);
    Turn other = new Turn();
    gate.acquire(APP, other);

    gate.acquire(APP, turn);

    assertThat(turn.app).isEqualTo(APP);
    assertThat(turn.number).isGreaterThan(other.number);
  }

  @Test
  void onAColdStartEveryoneWaitsOnlyForTheFirstAnswerThenGoesAtItsPace() {
    assertThat(gate.acquire(APP)).isZero(); // the first call goes alone
    List<Turn> waiting = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      Turn t = new Turn();
      waiting.add(t);
      assertThat(gate.acquire(APP, t))
          .as("caller %d waits for the first answer only, not for a guessed pace", i + 2)
          .isEqualTo(RateLimitGate.UNKNOWN_RESET_WAIT);
    }
    gate.update(APP, 1666, 1665, clock.instant().plusSeconds(10));
    clock.advance(RateLimitGate.UNKNOWN_RESET_WAIT);
    for (Turn t : waiting) {
      assertThat(gate.acquire(APP, t)).as("the answer left room for all").isZero();
    }
  }

  @Test
  void theFirstCallToAnAppGoesAloneUntilItsAnswerTellsTheWindow() {
    assertThat(gate.acquire(APP)).isZero();
    Turn second = new Turn();
    assertThat(gate.acquire(APP, second)).isEqualTo(RateLimitGate.UNKNOWN_RESET_WAIT);
    gate.update(APP, 10, 9, clock.instant().plusSeconds(1));
    assertThat(gate.acquire(APP, second)).as("the answer's count, not the probe's").isZero();
    for (int i = 0; i < 8; i++) {
      assertThat(gate.acquire(APP)).isZero();
    }
    assertThat(gate.acquire(APP)).isPositive();
  }

  @Test
  void answersThatTellNothingLetEveryoneGo() {
    gate.update(APP, 5, null, clock.instant());
    gate.update(APP, 5, 1, null);
    assertThat(waiting()).isZero();
    assertThat(gate.acquire(APP)).isZero();
    gate.untold(APP);
    gate.untold("app-never-called");
    for (int i = 0; i < 100; i++) {
      assertThat(gate.acquire(APP)).isZero();
    }
  }

  @Test
  void aFirstCallThatGotNoAnswerLetsOneMoreCallAWindowLearnTheLimitNotEveryone() {
    assertThat(gate.acquire(APP)).isZero(); // no answer comes (or it is late)
    Turn next = new Turn();
    assertThat(gate.acquire(APP, next)).isPositive();
    clock.advance(RateLimitGate.UNLEARNED_WINDOW);
    assertThat(gate.acquire(APP, next)).as("one more call, to learn the window").isZero();
    assertThat(gate.acquire(APP))
        .as("no limit known: the others wait for an answer, not rush into it")
        .isPositive();
    clock.advance(RateLimitGate.UNLEARNED_WINDOW);
    assertThat(gate.acquire(APP)).as("never stuck: one more call a window").isZero();
  }

  @Test
  void manyCallersAtOnceTakeNoMoreThanTheWindowsRoom() throws Exception {
    window(1000, 700, 4);
    int callers = 8;
    AtomicInteger let = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(() -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 200; i++) {
                  if (gate.acquire(APP).isZero()) {
                    let.incrementAndGet();
                  }
                  if (i % 10 == 0) { // answers of the same window come back meanwhile
                    gate.update(APP, 1000, 900, clock.instant().plusSeconds(4));
                  }
                }
              }));
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(let.get()).as("calls let through of 1,600 asked").isEqualTo(700);
  }

  @Test
  void anAnswerThatTellsLessRoomThanCountedIsTakenIn() {
    Instant reset = window(10, 5, 4);
    gate.update(APP, 10, 6, reset); // more than counted: another call's answer, from before
    gate.update(APP, 10, 1, reset); // another client of the app spent the rest
    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP)).isEqualTo(untilThen(reset));
  }

  @Test
  void aNewLimitInTheSameWindowIsTheNextWindowsRoom() {
    Instant reset = window(10, 0, 1);
    gate.update(APP, 2, 0, reset);
    gate.update(APP, null, 0, reset); // an answer without the limit keeps the one known
    clock.advance(untilThen(reset));
    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP)).isZero();
    assertThat(gate.acquire(APP)).as("the new limit of 2").isPositive();
  }

  @Test
  void anAnswerTellingTheEndA429WorkedOutTeachesTheWindow() {
    Instant told = window(10, 0, 1);
    gate.exhaust(APP, told.plusSeconds(2)); // a wait worked out to two seconds past the told end
    gate.update(APP, 10, 0, told.plusSeconds(2)); // then Intercom tells that end itself
    assertThat(gate.window(APP)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aCallerWithAPlaceKeepsNoneOnceItsCallIsLetThrough() {
    Instant reset = window(1, 0, 1);
    Turn turn = new Turn();
    gate.update("app-b", 1, 0, reset);
    gate.acquire("app-b", turn); // waits in another app's line
    assertThat(gate.acquire(APP, turn)).isPositive();
    clock.advance(untilThen(reset));
    gate.update(APP, 1, 1, reset.plusSeconds(1)); // the next window is told: no one waits here
    Turn gone = new Turn();
    assertThat(gate.acquire(APP, gone)).isPositive(); // gone waits, then never comes back
    clock.advance(Duration.ofSeconds(1 + 30 + 30 + 1));
    gate.update(APP, 1, 1, clock.instant().plusSeconds(1)); // its place expired: no one waits

    assertThat(gate.acquire(APP, gone)).isZero();
    assertThat(gone.waiting()).as("a place given back and spent").isFalse();
  }

  @Test
  void aNewcomerWaitsBehindTheLineWhenANewWindowIsTold() {
    Instant reset = window(1, 0, 1);
    Turn first = new Turn();
    assertThat(gate.acquire(APP, first)).isEqualTo(untilThen(reset));
    gate.update(APP, 1, 1, reset.plusMillis(10)); // the next window's room is told early
    clock.advance(untilThen(reset));

    assertThat(gate.acquire(APP, new Turn())).as("first is due: the room is its").isPositive();
    assertThat(gate.acquire(APP, first)).isZero();
  }

  @Test
  void callersFromTheLineCountTowardsTheCallsEachMakes() {
    Instant reset = window(4, 0, 1);
    Turn one = new Turn();
    Turn two = new Turn();
    assertThat(gate.acquire(APP, one)).isPositive();
    assertThat(gate.acquire(APP, two)).isPositive();
    Instant next = reset.plusSeconds(1);
    gate.update(APP, 4, 4, next);
    clock.advance(untilThen(reset));
    for (int i = 0; i < 2; i++) {
      assertThat(gate.acquire(APP, one)).isZero();
      assertThat(gate.acquire(APP, two)).isZero();
    }
    // four calls by two callers who waited first: two callers fit a window of four
    clock.advance(untilThen(next));
    Instant after = next.plusSeconds(1);
    gate.update(APP, 4, 0, after);
    Duration[] waits = new Duration[3];
    for (int i = 0; i < waits.length; i++) {
      waits[i] = gate.acquire(APP, new Turn());
    }
    Duration toAfter = untilThen(after);
    assertThat(waits).containsExactly(toAfter, toAfter, toAfter.plusSeconds(1));
  }

  /**
   * What {@code call} returns while another thread holds the app's lock; fails as soon as the call
   * blocks on that lock (no clock decides it).
   */
  private <T> T whileAnotherHoldsTheLock(Callable<T> call) throws Exception {
    Object app = app();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        Thread.ofPlatform()
            .start(() -> {
              synchronized (app) {
                held.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    held.await();
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread caller =
        Thread.ofPlatform()
            .start(() -> {
              try {
                result.complete(call.call());
              } catch (Exception e) {
                result.completeExceptionally(e);
              }
            });
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try {
      while (!result.isDone()) {
        ThreadInfo info = threads.getThreadInfo(caller.threadId());
        if (info != null
            && info.getThreadState() == Thread.State.BLOCKED
            && String.valueOf(info.getLockName()).contains("RateLimitGate$App")) {
          throw new AssertionError("the call waits for the app's lock");
        }
        Thread.yield();
      }
      return result.get();
    } finally {
      release.countDown();
      holder.join();
      caller.join();
    }
  }

  @Test
  void callersWithRoomAndAnswersThatTellNothingNewGoWithoutTheLock() throws Exception {
    Instant reset = window(10, 5, 4);
    Duration wait =
        whileAnotherHoldsTheLock(() -> {
          gate.update(APP, 10, 5, reset);
          gate.update(APP, null, 7, reset);
          return gate.acquire(APP);
        });
    assertThat(wait).isZero();
  }

  @Test
  void onceTheLineIsServedNewcomersGoWithoutTheLock() throws Exception {
    Instant reset = window(2, 0, 1);
    Turn waited = new Turn();
    assertThat(gate.acquire(APP, waited)).isPositive();
    gate.update(APP, 2, 2, reset.plusSeconds(1));
    clock.advance(untilThen(reset));
    assertThat(gate.acquire(APP, waited)).isZero();

    assertThat(whileAnotherHoldsTheLock(() -> gate.acquire(APP))).isZero();
  }
}
