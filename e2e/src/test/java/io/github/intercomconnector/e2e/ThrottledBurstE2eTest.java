/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bursts far beyond Intercom's rate limit, in runtimes set up as operators set them: the runtime's
 * default of one execution thread shared by every connector, then 8, both polling for jobs, and 16
 * and two runtimes with job streaming, as the README advises beyond a few threads (the engine then
 * pushes a job handed back to a runtime when its backoff ends). The Intercom tasks must spend the
 * limit well without a call over it, without spending retries on waiting, serve waiting jobs
 * roughly in the order they came, and leave the runtime's threads to another connector's jobs in
 * the meantime. The counts are asserted; the times are printed.
 */
@Order(5)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ThrottledBurstE2eTest {

  /** Jobs in each burst beside another connector's jobs. */
  static final int BURST = 400;

  /**
   * Jobs in each burst of thousands: the line holds jobs for minutes, as a real burst at Intercom's
   * limit does, and they keep their retries all the while.
   */
  static final int THOUSANDS = 2000;

  /**
   * Calls a window allows, five a second: a limit the runtime can exceed even on a slow machine, so
   * that the limit, not the runtime, decides how fast the burst goes. Each waiting job runs two or
   * three times (once to learn its turn, once to make its call), so the runtime must run 15 jobs a
   * second or more; on two cores it runs 25–30.
   */
  static final int LIMIT = 10;

  /** The sandbox's window, short so that a burst takes a minute and not an hour. */
  static final int WINDOW_SECONDS = 2;

  /**
   * A neighbour job that waits this long from its instance's creation counts as held up. Most of a
   * long wait is the in-memory engine's: while a burst arrives, its single thread creates hundreds
   * of instances and jobs.
   */
  static final long HELD_UP_MILLIS = 5000;

  /**
   * A neighbour job that waits this long in the runtime, from the engine's activation of the job
   * until it starts on an execution thread, counts as held up by the jobs before it: the runtime's
   * thread is the one thing a burst of Intercom jobs and the neighbour share.
   */
  static final long HELD_IN_THE_RUNTIME_MILLIS = 1000;

  record Run(
      ThrottledBurst.Outcomes jobs,
      List<Long> keys,
      ThrottledBurst.Outcomes neighbours,
      List<Long> neighbourWaits,
      Duration took,
      Duration afterTheCalls,
      long startedAtMillis) {}

  /**
   * Starts {@code size} jobs at once and waits for them; with {@code neighbour}, another
   * connector's job starts every 250 ms meanwhile.
   */
  private static Run burst(ThrottledBurst stack, int size, boolean neighbour) throws Exception {
    List<Long> neighbourKeys = new ArrayList<>();
    AtomicBoolean bursting = new AtomicBoolean(neighbour);
    Thread neighbours =
        Thread.ofPlatform()
            .start(() -> {
              while (bursting.get()) {
                neighbourKeys.add(stack.startNeighbour());
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    int callsBefore = stack.sandbox.journal().size();
    long started = System.nanoTime();
    long startedAtMillis = System.currentTimeMillis();
    List<Long> keys = stack.startOnboardings(size);
    // The limit allows the burst in size / (LIMIT / WINDOW_SECONDS) seconds: give it half again.
    // One call per job; the engine's records are read only once the calls are made.
    stack.awaitCalls(
        callsBefore + size, Duration.ofSeconds(size * WINDOW_SECONDS * 3L / (2L * LIMIT) + 60));
    long called = System.nanoTime();
    // Long enough for the runtime's job timeout (5 minutes) to bring back a job whose completion
    // the engine lost; the printout then shows that job's history.
    ThrottledBurst.Outcomes jobs = stack.await(new LinkedHashSet<>(keys), Duration.ofMinutes(6));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Duration afterTheCalls = Duration.ofNanos(System.nanoTime() - called);
    bursting.set(false);
    neighbours.join();
    ThrottledBurst.Outcomes theirs =
        stack.await(new LinkedHashSet<>(neighbourKeys), Duration.ofSeconds(30));
    List<Long> waits = new ArrayList<>();
    for (Map<String, Object> result : theirs.neighbourResults().values()) {
      waits.add(((Number) result.get("startedAfterMillis")).longValue());
    }
    waits.sort(Comparator.naturalOrder());
    return new Run(jobs, keys, theirs, waits, took, afterTheCalls, startedAtMillis);
  }

  /**
   * The job most overtaken: how many jobs that came after it (in {@code order}) finished before it,
   * and its key.
   */
  private static long[] mostOvertaken(Run run, List<Long> order) {
    Map<Long, Long> done = run.jobs().completedAtPosition();
    long[] most = {0, order.get(0)};
    for (int i = 0; i < order.size(); i++) {
      long at = done.get(order.get(i));
      int overtaken = 0;
      for (int j = i + 1; j < order.size(); j++) {
        if (done.get(order.get(j)) < at) {
          overtaken++;
        }
      }
      if (overtaken > most[0]) {
        most[0] = overtaken;
        most[1] = order.get(i);
      }
    }
    return most;
  }

  /** The jobs in the order they first came to the connector (the runtime chooses that order). */
  private static List<Long> arrivalOrder(Run run) {
    Map<Long, Long> firstRun = run.jobs().firstRunAtPosition();
    List<Long> order = new ArrayList<>(run.keys());
    order.sort(Comparator.comparing(firstRun::get));
    return order;
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static void assertGoodBurst(
      ThrottledBurst stack, Run run, String setup, boolean neighbour) {
    Set<Long> keys = new LinkedHashSet<>(run.keys());
    Map<Long, Long> completed = run.jobs().completedAtPosition();
    List<Long> open = keys.stream().filter(k -> !completed.containsKey(k)).toList();
    // What CI keeps of a failure is its message: the open jobs' states and one history go in it.
    String whyOpen =
        open.isEmpty()
            ? ""
            : String.format(
                "%d of %d jobs not completed %d s after the burst's last call, by their last"
                    + " record %s; the first: %s; the engine's failures: %s; the threads: %s;"
                    + " heap used %d of %d MB",
                open.size(),
                keys.size(),
                stack.sinceLastCall().toSeconds(),
                stack.lastJobRecords(open),
                stack.jobHistory(open.get(0)),
                engineFailures(),
                threadsAtWork(),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    for (long key : open.subList(0, Math.min(3, open.size()))) {
      System.out.println("  a job not completed: " + stack.jobHistory(key));
    }
    if (open.isEmpty() && run.afterTheCalls().toSeconds() > 30) {
      long last = keys.stream().max(Comparator.comparing(completed::get)).orElseThrow();
      System.out.printf(
          "  the last job completed %d s after the burst's last call: %s%n",
          run.afterTheCalls().toSeconds(), stack.jobHistory(last));
    }
    Set<Long> incidents = run.jobs().withIncident();
    assertThat(incidents.size())
        .as(
            "jobs with an incident%s",
            incidents.isEmpty()
                ? ""
                : "; the first: " + stack.jobHistory(incidents.iterator().next()))
        .isZero();
    assertThat(open.size()).as(whyOpen).isZero();
    TreeMap<Long, Integer> lateTurns = stack.lateTurns(keys);
    TreeMap<Long, Integer> callsExcused = stack.callsExcused(lateTurns);
    int excused = callsExcused.values().stream().mapToInt(Integer::intValue).sum();
    double throughput = stack.throughput(callsExcused);
    double everyWindow = stack.throughput(Map.of());
    int allowed = stack.middleWindows().size() * LIMIT;
    long[] byCreation = mostOvertaken(run, run.keys());
    long[] most = mostOvertaken(run, arrivalOrder(run));
    long overtaken = most[0];
    Map<Long, Integer> handBacks = new HashMap<>();
    run.jobs()
        .failedJobs()
        .forEach(j -> handBacks.merge(j.getProcessInstanceKey(), 1, Integer::sum));
    int mostHandBacks = handBacks.values().stream().max(Integer::compare).orElse(0);
    List<Long> waits = run.neighbourWaits();
    if (neighbour) {
      assertThat(waits).as("neighbour jobs during the burst").isNotEmpty();
    } else {
      assertThat(waits).as("neighbour jobs in a burst without them").isEmpty();
    }
    System.out.printf(
        "throttled burst, %s: %d jobs at %d calls per %d s in %.1f s, %.3f of the limit used (%.3f"
            + " of the %d calls left once those lacked for jobs back late are set aside), busiest window %d calls, %d answered 429, %d hand-backs (at most %d for one job), at"
            + " most %d jobs that came later finished first (%d by the order they were created)%s%n",
        setup,
        run.keys().size(),
        LIMIT,
        WINDOW_SECONDS,
        run.took().toMillis() / 1000.0,
        everyWindow,
        throughput,
        allowed - excused,
        stack.sandbox.maxRequestsInAWindow(),
        stack.sandbox.rateLimitedCalls(),
        run.jobs().failedJobs().size(),
        mostHandBacks,
        overtaken,
        byCreation[0],
        neighbour
            ? String.format(
                "; another connector's %d jobs started after p50 %d ms, p99 %d ms, max %d ms",
                waits.size(),
                percentile(waits, 0.5),
                percentile(waits, 0.99),
                waits.get(waits.size() - 1))
            : "");
    NeighbourWaits where = neighbour ? neighbourWaits(stack, run) : null;
    if (neighbour) {
      System.out.println("  " + where);
    }
    System.out.println("  calls per window: " + stack.callsPerWindowWithGaps());
    List<String> underTheLimit = stack.windowsUnderTheLimit(new HashSet<>(run.keys()));
    System.out.println("  windows under the limit: " + underTheLimit);
    System.out.println(
        "  jobs that came back after the window of their turn: "
            + stack.byWindowNumber(lateTurns)
            + "; calls those windows lacked for them: "
            + stack.byWindowNumber(callsExcused));
    System.out.println(
        "  CPU ms of the JVM's busiest threads (zb-actors: the in-memory engine; pool-N-thread-M:"
            + " the runtimes' execution threads): "
            + busiestThreads(8));
    System.out.println("  the job most overtaken: " + stack.jobHistory(most[1]));
    long executions = stack.executions(keys);
    System.out.printf(
        "  job executions %d (%.1f/s)%n", executions, executions * 1000.0 / run.took().toMillis());
    List<JobRecordValue> spent =
        run.jobs().failedJobs().stream().filter(j -> j.getRetries() < 3).toList();
    assertThat(spent).as("hand-backs that spent a retry").isEmpty();
    assertThat(stack.sandbox.maxRequestsInAWindow())
        .as("calls in the busiest window")
        .isLessThanOrEqualTo(LIMIT);
    assertThat(stack.sandbox.rateLimitedCalls()).as("calls answered 429").isZero();
    // The line is asked to fill each window with the jobs it had: a job handed back for its turn
    // in a window and brought back only after it, by the engine or the runtime's polling, accounts
    // for one call that window lacked, if it lacked any (the in-memory engine, one thread for every
    // instance, now and then brings jobs back seconds late). What CI keeps of a failure is its
    // message: the windows go in it.
    String windows =
        String.format(
            "%s; calls per window %s; windows under the limit %s; jobs back after the window of"
                + " their turn %s, calls lacked for them %s",
            setup,
            stack.callsPerWindowWithGaps(),
            underTheLimit,
            stack.byWindowNumber(lateTurns),
            stack.byWindowNumber(callsExcused));
    assertThat(excused)
        .as(
            "calls the windows lacked for jobs back late, of %d: at most a quarter, else the run"
                + " tells little of the line (%s)",
            allowed, windows)
        .isLessThanOrEqualTo(allowed / 4);
    assertThat(throughput)
        .as("share of the limit used, less the calls lacked for jobs back late (%s)", windows)
        .isGreaterThanOrEqualTo(0.95);
    // A job waits for its turn, not for every later one: a job passed by twenty windows' worth
    // of later jobs would have waited 40 s longer than its place in the line (the 400-job runs here
    // show 11 to 121, the 2,000-job runs 61 to 195; a line that lets later jobs race ahead shows
    // hundreds, or thousands).
    assertThat(overtaken)
        .as("jobs that came to the connector later and finished first, at most: 20 windows' worth")
        .isLessThanOrEqualTo(20 * LIMIT);
    assertThat(run.neighbours().completedAtPosition()).hasSameSizeAs(waits);
    assertThat(waits.stream().filter(w -> w > HELD_UP_MILLIS).count())
        .as("neighbour jobs held up more than %d ms", HELD_UP_MILLIS)
        .isZero();
    if (neighbour) {
      assertThat(where.inTheRuntime().stream().filter(w -> w > HELD_IN_THE_RUNTIME_MILLIS).count())
          .as(
              "neighbour jobs that waited in the runtime, once activated, more than %d ms",
              HELD_IN_THE_RUNTIME_MILLIS)
          .isZero();
    }
  }

  /**
   * Where the other connector's jobs waited, in milliseconds: from the instance's creation until
   * the engine created its job, until a runtime activated the job, and until the job started on an
   * execution thread; then the whole wait, apart for the jobs that came while the burst arrived
   * (until every job of the burst had been to the connector once, {@code arrival} after the burst's
   * start) and those that came afterwards, while the burst waited for the rate limit.
   */
  record NeighbourWaits(
      List<Long> toJob,
      List<Long> toActivation,
      List<Long> inTheRuntime,
      List<Long> whileArriving,
      List<Long> afterwards,
      Duration arrival) {

    @Override
    public String toString() {
      return String.format(
          "the other connector's jobs waited (p50, p99, max) %s for the engine to create the job,"
              + " %s for a runtime to activate it, %s in the runtime until it started; in all %s"
              + " for the %d that came while the burst arrived (its first %.1f s), %s for the %d"
              + " that came afterwards",
          spread(toJob),
          spread(toActivation),
          spread(inTheRuntime),
          spread(whileArriving),
          whileArriving.size(),
          arrival.toMillis() / 1000.0,
          spread(afterwards),
          afterwards.size());
    }
  }

  private static NeighbourWaits neighbourWaits(ThrottledBurst stack, Run run) {
    Map<Long, Map<String, Object>> results = run.neighbours().neighbourResults();
    Map<Long, long[]> engineTimes = stack.jobCreatedAndActivated(results.keySet());
    long arrived = stack.lastFirstRun(new LinkedHashSet<>(run.keys()));
    NeighbourWaits waits =
        new NeighbourWaits(
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            new ArrayList<>(),
            Duration.ofMillis(arrived - run.startedAtMillis()));
    results.forEach((instance, result) -> {
      long started = ((Number) result.get("startedAtMillis")).longValue();
      long waited = ((Number) result.get("startedAfterMillis")).longValue();
      long created = started - waited;
      long[] times = engineTimes.get(instance);
      waits.toJob().add(times[0] - created);
      waits.toActivation().add(times[1] - times[0]);
      waits.inTheRuntime().add(started - times[1]);
      (created < arrived ? waits.whileArriving() : waits.afterwards()).add(waited);
    });
    return waits;
  }

  /** "p50, p99, max" of some milliseconds, or "-" for none. */
  static String spread(List<Long> values) {
    if (values.isEmpty()) {
      return "-";
    }
    List<Long> sorted = values.stream().sorted().toList();
    return String.format(
        "%d, %d, %d ms",
        percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
  }

  /**
   * The lines of the bursts' log that say an actor of the in-memory engine failed (its stream
   * processor, once failed, processes nothing more: no job comes back), with the exception's line.
   */
  private static List<String> engineFailures() {
    try {
      List<String> lines =
          Files.readAllLines(Path.of(System.getProperty("e2e.log", "target/e2e-run.log")));
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("failed in phase")) {
          failures.add(lines.get(i) + (i + 1 < lines.size() ? " " + lines.get(i + 1) : ""));
        }
      }
      return failures;
    } catch (IOException e) {
      return List.of("the log could not be read: " + e.getMessage());
    }
  }

  /** The {@code n} live threads that used the most CPU, as "name=ms", the busiest first. */
  private static List<String> busiestThreads(int n) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpuMillis = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        cpuMillis.put(
            info.getThreadName() + "#" + info.getThreadId(),
            threads.getThreadCpuTime(info.getThreadId()) / 1_000_000);
      }
    }
    return cpuMillis.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .map(e -> e.getKey().substring(0, e.getKey().lastIndexOf('#')) + "=" + e.getValue())
        .toList();
  }

  /**
   * What the pool threads (the runtimes' execution threads and the sandbox's), the sandbox's
   * dispatcher and the engine's actor threads are doing, for the message of a burst that did not
   * finish: the idle ones counted, the others with their state and their innermost frames.
   */
  private static List<String> threadsAtWork() {
    List<String> busy = new ArrayList<>();
    int idle = 0;
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, false, 12)) {
      if (!info.getThreadName().matches("pool-\\d+-thread-\\d+|HTTP-Dispatcher|zb-actors-\\d+")) {
        continue;
      }
      List<StackTraceElement> frames = List.of(info.getStackTrace());
      if (frames.stream().anyMatch(f -> f.getMethodName().equals("getTask"))) {
        idle++;
      } else {
        busy.add(
            info.getThreadName()
                + " "
                + info.getThreadState()
                + (info.getLockOwnerName() == null
                    ? ""
                    : " on a lock of " + info.getLockOwnerName())
                + " "
                + frames.subList(0, Math.min(4, frames.size())));
      }
    }
    busy.add(idle + " idle");
    return busy;
  }

  /**
   * The runtime setting that has the engine push jobs to its workers instead of answering polls.
   */
  static final String STREAMING = "camunda.client.worker.defaults.stream-enabled";

  /** Whether a runtime with so many threads streams its jobs here: from 16 on. */
  static boolean streams(int threads) {
    return threads >= 16;
  }

  /** One runtime with {@code threads} execution threads, at the bursts' limit. */
  private static ThrottledBurst oneRuntime(int threads) throws IOException {
    return new ThrottledBurst(
        LIMIT,
        WINDOW_SECONDS,
        1,
        Map.of(
            "camunda.client.execution-threads",
            String.valueOf(threads),
            STREAMING,
            String.valueOf(streams(threads))));
  }

  static String setup(int threads) {
    return threads + " execution thread(s)" + (streams(threads) ? ", jobs streamed" : "");
  }

  @Tag("load")
  @ParameterizedTest(name = "{0} execution thread(s)")
  @ValueSource(ints = {1, 8, 16})
  void aBurstSpendsTheLimitWellAndLeavesTheRuntimeToOthers(int threads) throws Exception {
    try (ThrottledBurst stack = oneRuntime(threads)) {
      Run run = burst(stack, BURST, true);
      assertGoodBurst(stack, run, setup(threads), true);
    }
  }

  /**
   * Thousands of hand-backs later, the token is still in no line of the bursts' log, and with the
   * README's setting for the runtime's job handler (applied in {@link ThrottledBurst}) none of them
   * wrote an ERROR line.
   */
  @AfterAll
  static void theTokenIsInNoLogLineAndNoHandBackIsAnError() throws Exception {
    Path log = Path.of(System.getProperty("e2e.log", "target/e2e-run.log"));
    String text = Files.readString(log);
    assertThat(text).as("the bursts were logged").contains("INTERCOM_RATE_LIMITED");
    assertThat(text).doesNotContain(E2eStack.US_TOKEN);
    assertThat(text.lines().filter(line -> line.contains(" ERROR ")).limit(5).toList())
        .as("ERROR lines in the bursts' log")
        .isEmpty();
  }

  @Tag("load")
  @Test
  void twoRuntimesSharingTheJobsShareTheLimit() throws Exception {
    try (ThrottledBurst stack =
        new ThrottledBurst(LIMIT, WINDOW_SECONDS, 2, Map.of(STREAMING, "true"))) {
      Run run = burst(stack, BURST, true);
      assertGoodBurst(stack, run, "two runtimes, jobs streamed", true);
    }
  }

  /**
   * Thousands of jobs wait for minutes and keep their retries, served in order, the limit spent
   * well, with 1, 8 and 16 execution threads. No neighbour runs here: with thousands of jobs
   * waiting, the in-memory test engine's single thread, not the runtime, becomes what other jobs
   * wait for, so the neighbour is measured in the bursts above. About seven minutes a setup; they
   * run on demand: {@code ./mvnw -Pload-thousands verify}.
   */
  @Tag("load-thousands")
  @ParameterizedTest(name = "{0} execution thread(s), thousands of jobs")
  @ValueSource(ints = {1, 8, 16})
  void thousandsOfJobsWaitForMinutesAndKeepTheirRetries(int threads) throws Exception {
    try (ThrottledBurst stack = oneRuntime(threads)) {
      Run run = burst(stack, THOUSANDS, false);
      assertGoodBurst(stack, run, setup(threads) + ", thousands of jobs", false);
    }
  }
}
