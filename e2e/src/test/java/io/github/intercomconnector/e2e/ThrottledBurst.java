/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobBatchIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobBatchRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.EngineProcesses;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.sandbox.ExampleWorkspace;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stack of its own for bursts of rate-limited jobs: an in-memory engine, an Intercom sandbox with
 * a rate limit in short windows, one or more connector runtimes with the given settings (as an
 * operator would set them), the onboarding example drawn with template version 1 (one call per
 * job), and a process of the {@link NeighbourFunction}, another connector sharing the runtime.
 */
final class ThrottledBurst implements AutoCloseable {

  static final String ONBOARDING = "burst-onboarding";
  static final String NEIGHBOUR = "burst-neighbour";
  static final String[] CONTACTS = {
    ExampleWorkspace.ADA, ExampleWorkspace.GRACE, ExampleWorkspace.ALAN, ExampleWorkspace.KATHERINE
  };

  final ZeebeTestEngine engine;
  final IntercomSandbox sandbox;
  final List<ConnectorRuntime> runtimes = new ArrayList<>();
  final EngineProcesses processes;

  ThrottledBurst(
      int limit, int windowSeconds, int runtimeCount, Map<String, String> runtimeSettings)
      throws IOException {
    sandbox =
        IntercomSandbox.builder().tokens(E2eStack.US_TOKEN).rateLimit(limit, windowSeconds).start();
    engine = InMemoryEngines.start();
    Map<String, String> settings = new LinkedHashMap<>(runtimeSettings);
    settings.put("spring.main.banner-mode", "off");
    // The README's setting for operators: no ERROR line for each job handed back to wait.
    settings.putIfAbsent(
        "logging.level.io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler", "OFF");
    for (int i = 0; i < runtimeCount; i++) {
      runtimes.add(
          ConnectorRuntime.forEmbeddedEngine(
              engine.getGatewayAddress(),
              Map.of("INTERCOM_ACCESS_TOKEN", E2eStack.US_TOKEN),
              settings));
    }
    processes = new EngineProcesses(engine, runtimes.get(0).client());
    processes.deploy(
        ExampleVariant.of(E2eStack.ONBOARDING_BY_ID, ONBOARDING)
            .input("connection.baseUrl", sandbox.baseUrl())
            .model(),
        ONBOARDING + ".bpmn");
    processes.deploy(
        Bpmn.createExecutableProcess(NEIGHBOUR)
            .startEvent()
            .serviceTask("Neighbour")
            .zeebeJobType(NeighbourFunction.TYPE)
            .zeebeTaskHeader("resultVariable", "neighbour")
            .endEvent()
            .done(),
        NEIGHBOUR + ".bpmn");
  }

  /**
   * Starts {@code n} onboarding instances as fast as the engine takes them (50 commands in flight),
   * as a burst does; their keys in order.
   */
  List<Long> startOnboardings(int n) {
    var client = runtimes.get(0).client();
    List<io.camunda.client.api.CamundaFuture<io.camunda.client.api.response.ProcessInstanceEvent>>
        sent = new ArrayList<>();
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (sent.size() == 50) {
        for (var future : sent) {
          keys.add(future.join().getProcessInstanceKey());
        }
        sent.clear();
      }
      sent.add(
          client
              .newCreateInstanceCommand()
              .bpmnProcessId(ONBOARDING)
              .latestVersion()
              .variables(
                  Map.of(
                      "contactId",
                      CONTACTS[i % CONTACTS.length],
                      "newsletterSubscriptionTypeId",
                      "108"))
              .send());
    }
    for (var future : sent) {
      keys.add(future.join().getProcessInstanceKey());
    }
    keys.sort(Long::compare);
    return keys;
  }

  /** Starts one instance of the neighbour, stamped with the time it was created. */
  long startNeighbour() {
    return processes.start(NEIGHBOUR, Map.of("createdAtMillis", System.currentTimeMillis()));
  }

  /** What the engine's records say about a set of instances, read once. */
  record Outcomes(
      Map<Long, Long> completedAtPosition,
      Map<Long, Long> firstRunAtPosition,
      Set<Long> withIncident,
      List<JobRecordValue> failedJobs,
      Map<Long, Map<String, Object>> neighbourResults) {

    boolean allEnded(Set<Long> keys) {
      for (long key : keys) {
        if (!completedAtPosition.containsKey(key) && !withIncident.contains(key)) {
          return false;
        }
      }
      return true;
    }
  }

  Outcomes outcomes(Set<Long> keys) {
    Map<Long, Long> completed = new HashMap<>();
    Map<Long, Long> firstRun = new HashMap<>();
    Set<Long> incidents = new HashSet<>();
    List<JobRecordValue> failed = new ArrayList<>();
    Map<Long, Map<String, Object>> neighbours = new HashMap<>();
    RecordStream records = RecordStream.of(InMemoryEngines.records(engine));
    for (Record<ProcessInstanceRecordValue> r : records.processInstanceRecords()) {
      ProcessInstanceRecordValue v = r.getValue();
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          && v.getBpmnElementType() == BpmnElementType.PROCESS
          && keys.contains(v.getProcessInstanceKey())) {
        completed.put(v.getProcessInstanceKey(), r.getPosition());
      }
    }
    for (Record<IncidentRecordValue> r : records.incidentRecords()) {
      if (r.getIntent() == IncidentIntent.CREATED
          && keys.contains(r.getValue().getProcessInstanceKey())) {
        incidents.add(r.getValue().getProcessInstanceKey());
      }
    }
    for (Record<JobRecordValue> r : records.jobRecords()) {
      long key = r.getValue().getProcessInstanceKey();
      if (!keys.contains(key)) {
        continue;
      }
      if (r.getIntent() == JobIntent.FAILED) {
        failed.add(r.getValue());
      }
      if (r.getIntent() == JobIntent.FAILED || r.getIntent() == JobIntent.COMPLETED) {
        // the end of the job's first run: when it came to the connector, within milliseconds
        firstRun.putIfAbsent(key, r.getPosition());
      }
    }
    for (Record<VariableRecordValue> r : records.variableRecords()) {
      VariableRecordValue v = r.getValue();
      if (v.getName().equals("neighbour") && keys.contains(v.getProcessInstanceKey())) {
        neighbours.put(v.getProcessInstanceKey(), parse(v.getValue()));
      }
    }
    return new Outcomes(completed, firstRun, incidents, failed, neighbours);
  }

  /**
   * Waits until the sandbox has received {@code calls} calls in all, or none came for a minute, or
   * the timeout passed. It looks at the sandbox's journal once a second: reading the engine's
   * records instead, as {@link #await} does, costs a burst of thousands of jobs the CPU its runtime
   * needs.
   */
  void awaitCalls(int calls, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    int seen = sandbox.journal().size();
    Instant lastNew = Instant.now();
    while (seen < calls
        && Instant.now().isBefore(deadline)
        && Instant.now().isBefore(lastNew.plusSeconds(60))) {
      Thread.sleep(1000);
      int now = sandbox.journal().size();
      if (now > seen) {
        seen = now;
        lastNew = Instant.now();
      }
    }
  }

  /** How long ago the sandbox received its last call. */
  Duration sinceLastCall() {
    List<IntercomSandbox.Received> calls = sandbox.journal();
    return calls.isEmpty()
        ? Duration.ZERO
        : Duration.between(calls.get(calls.size() - 1).at(), Instant.now());
  }

  /**
   * Waits until every instance completed or has an incident, or the timeout passed. It looks once a
   * second, at the instances' records only: reading the engine's records costs the CPU the runtime
   * needs.
   */
  Outcomes await(Set<Long> keys, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!ended(keys) && Instant.now().isBefore(deadline)) {
      Thread.sleep(1000);
    }
    return outcomes(keys);
  }

  private boolean ended(Set<Long> keys) {
    Set<Long> open = new HashSet<>(keys);
    RecordStream records = RecordStream.of(InMemoryEngines.records(engine));
    for (Record<ProcessInstanceRecordValue> r : records.processInstanceRecords()) {
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          && r.getValue().getBpmnElementType() == BpmnElementType.PROCESS) {
        open.remove(r.getValue().getProcessInstanceKey());
      }
    }
    if (open.isEmpty()) {
      return true;
    }
    for (Record<IncidentRecordValue> r : records.incidentRecords()) {
      open.remove(r.getValue().getProcessInstanceKey());
    }
    return open.isEmpty();
  }

  /**
   * When the engine created each of these instances' first job and when a runtime first activated
   * it (engine time, epoch milliseconds), by instance key.
   */
  Map<Long, long[]> jobCreatedAndActivated(Set<Long> instanceKeys) {
    Map<Long, long[]> times = new HashMap<>();
    Map<Long, Long> instanceOfJob = new HashMap<>();
    RecordStream records = RecordStream.of(InMemoryEngines.records(engine));
    for (Record<JobRecordValue> r : records.jobRecords()) {
      long instance = r.getValue().getProcessInstanceKey();
      if (r.getIntent() == JobIntent.CREATED && instanceKeys.contains(instance)) {
        times.putIfAbsent(instance, new long[] {r.getTimestamp(), -1});
        instanceOfJob.put(r.getKey(), instance);
      }
    }
    for (Record<JobBatchRecordValue> r : records.jobBatchRecords()) {
      if (r.getIntent() != JobBatchIntent.ACTIVATED) {
        continue;
      }
      for (long job : r.getValue().getJobKeys()) {
        Long instance = instanceOfJob.get(job);
        if (instance != null && times.get(instance)[1] < 0) {
          times.get(instance)[1] = r.getTimestamp();
        }
      }
    }
    return times;
  }

  /**
   * When the last of these instances' jobs ended its first run (engine time, epoch milliseconds):
   * by then every job had come to the connector once.
   */
  long lastFirstRun(Set<Long> instanceKeys) {
    Map<Long, Long> firstRun = new HashMap<>();
    for (Record<JobRecordValue> r : RecordStream.of(InMemoryEngines.records(engine)).jobRecords()) {
      if ((r.getIntent() == JobIntent.FAILED || r.getIntent() == JobIntent.COMPLETED)
          && instanceKeys.contains(r.getValue().getProcessInstanceKey())) {
        firstRun.putIfAbsent(r.getValue().getProcessInstanceKey(), r.getTimestamp());
      }
    }
    return firstRun.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** Job executions of these instances: each hand-back and each completion. */
  long executions(Set<Long> keys) {
    long n = 0;
    for (Record<JobRecordValue> r : RecordStream.of(InMemoryEngines.records(engine)).jobRecords()) {
      if ((r.getIntent() == JobIntent.FAILED || r.getIntent() == JobIntent.COMPLETED)
          && keys.contains(r.getValue().getProcessInstanceKey())) {
        n++;
      }
    }
    return n;
  }

  /**
   * One instance's job records from its creation, for the printout: when each came (ms after the
   * first), what it was, and for a hand-back, the backoff and the start of its message.
   */
  List<String> jobHistory(long instanceKey) {
    List<String> lines = new ArrayList<>();
    long first = -1;
    for (Record<JobRecordValue> r : RecordStream.of(InMemoryEngines.records(engine)).jobRecords()) {
      if (r.getValue().getProcessInstanceKey() != instanceKey) {
        continue;
      }
      if (first < 0) {
        first = r.getTimestamp();
      }
      String line = "+" + (r.getTimestamp() - first) + " ms " + r.getIntent();
      if (r.getIntent() == JobIntent.FAILED) {
        String message = r.getValue().getErrorMessage();
        line +=
            " backoff "
                + r.getValue().getRetryBackoff()
                + " ms: "
                // a hand-back's message after its code and reason; any other whole
                + (message.contains("; ") ? message.substring(message.indexOf("; ") + 2) : message);
      }
      lines.add(line);
    }
    return lines;
  }

  /**
   * Open instances by their job's last record, for the printout: "FAILED, backoff overdue" says the
   * engine has not made ready again a job whose backoff has passed; "ACTIVATED" that a runtime
   * holds it; no record, that no runtime has taken it yet.
   */
  Map<String, Integer> lastJobRecords(List<Long> instanceKeys) {
    Map<Long, Record<JobRecordValue>> last = new HashMap<>();
    Set<Long> wanted = new HashSet<>(instanceKeys);
    for (Record<JobRecordValue> r : RecordStream.of(InMemoryEngines.records(engine)).jobRecords()) {
      if (wanted.contains(r.getValue().getProcessInstanceKey())) {
        last.put(r.getValue().getProcessInstanceKey(), r);
      }
    }
    long now = System.currentTimeMillis();
    Map<String, Integer> byState = new TreeMap<>();
    for (long key : instanceKeys) {
      Record<JobRecordValue> r = last.get(key);
      String state;
      if (r == null) {
        state = "no job record";
      } else if (r.getIntent() == JobIntent.FAILED) {
        long due = r.getTimestamp() + r.getValue().getRetryBackoff();
        state = due < now - 1000 ? "FAILED, backoff overdue" : "FAILED, in backoff";
      } else {
        state = r.getIntent().name();
      }
      byState.merge(state, 1, Integer::sum);
    }
    return byState;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Calls that arrived at the sandbox in each rate-limit window, by window start. */
  TreeMap<Long, Integer> callsPerWindow() {
    long window = sandbox.rateLimitWindowSeconds();
    TreeMap<Long, Integer> calls = new TreeMap<>();
    for (IntercomSandbox.Received r : sandbox.journal()) {
      calls.merge(r.at().getEpochSecond() / window * window, 1, Integer::sum);
    }
    return calls;
  }

  /**
   * For each window between the first and the last that the burst used less than the limit, for
   * reading a run that fell short: its calls; how many of the burst's jobs were due back in it from
   * a hand-back (their backoff ending there); how many the engine made available again in it; and
   * the latest of those after its backoff's end. Jobs due but back late point at the engine; no job
   * due points at the line's own schedule.
   */
  List<String> windowsUnderTheLimit(Set<Long> instances) {
    long window = sandbox.rateLimitWindowSeconds();
    TreeMap<Long, Integer> calls = callsPerWindow();
    Map<Long, Integer> due = new HashMap<>();
    Map<Long, Integer> back = new HashMap<>();
    Map<Long, Long> latestLate = new HashMap<>();
    Map<Long, Long> dueAt = new HashMap<>();
    for (Record<JobRecordValue> r : RecordStream.of(InMemoryEngines.records(engine)).jobRecords()) {
      if (!instances.contains(r.getValue().getProcessInstanceKey())) {
        continue;
      }
      if (r.getIntent() == JobIntent.FAILED && r.getValue().getRetryBackoff() > 0) {
        long at = r.getTimestamp() + r.getValue().getRetryBackoff();
        dueAt.put(r.getKey(), at);
        due.merge(at / 1000 / window * window, 1, Integer::sum);
      } else if (r.getIntent() == JobIntent.RECURRED_AFTER_BACKOFF) {
        long w = r.getTimestamp() / 1000 / window * window;
        back.merge(w, 1, Integer::sum);
        Long expected = dueAt.remove(r.getKey());
        if (expected != null) {
          latestLate.merge(w, r.getTimestamp() - expected, Math::max);
        }
      }
    }
    List<String> found = new ArrayList<>();
    int index = 0;
    for (long w : middleWindows()) {
      index++;
      int made = calls.getOrDefault(w, 0);
      if (made < sandbox.rateLimit()) {
        found.add(
            String.format(
                "window %d: %d calls, %d jobs due back, %d back (the latest %d ms after its due)",
                index,
                made,
                due.getOrDefault(w, 0),
                back.getOrDefault(w, 0),
                latestLate.getOrDefault(w, 0L)));
      }
    }
    return found;
  }

  /** Calls per window from the first to the last, empty windows included. */
  List<Integer> callsPerWindowWithGaps() {
    TreeMap<Long, Integer> calls = callsPerWindow();
    List<Integer> all = new ArrayList<>();
    for (long w = calls.firstKey(); w <= calls.lastKey(); w += sandbox.rateLimitWindowSeconds()) {
      all.add(calls.getOrDefault(w, 0));
    }
    return all;
  }

  /**
   * Calls made over what the limit allows, in the windows between the first and the last (which the
   * burst only partly covers), less in each window the calls {@code excused} there (by window
   * start).
   */
  double throughput(Map<Long, Integer> excused) {
    TreeMap<Long, Integer> calls = callsPerWindow();
    if (calls.size() < 3) {
      return 1;
    }
    long made = 0;
    long allowed = 0;
    for (long w : middleWindows()) {
      made += calls.getOrDefault(w, 0);
      allowed += Math.max(0, sandbox.rateLimit() - excused.getOrDefault(w, 0));
    }
    return allowed == 0 ? 0 : (double) made / allowed;
  }

  /**
   * The calls each window (by start) lacked and that a job of {@code lateTurns} accounts for: at
   * most its late jobs, at most the calls it made fewer than the limit (a window whose room the
   * jobs already there spent lacked nothing).
   */
  TreeMap<Long, Integer> callsExcused(Map<Long, Integer> lateTurns) {
    TreeMap<Long, Integer> calls = callsPerWindow();
    TreeMap<Long, Integer> excused = new TreeMap<>();
    lateTurns.forEach((w, late) -> {
      int lacked = Math.max(0, sandbox.rateLimit() - calls.getOrDefault(w, 0));
      if (Math.min(late, lacked) > 0) {
        excused.put(w, Math.min(late, lacked));
      }
    });
    return excused;
  }

  /**
   * Figures by window start as the printouts name the windows: the first after the burst's first
   * window is window 1.
   */
  Map<String, Integer> byWindowNumber(Map<Long, Integer> byStart) {
    List<Long> middle = middleWindows();
    Map<String, Integer> named = new LinkedHashMap<>();
    byStart.forEach((start, n) -> named.put("window " + (middle.indexOf(start) + 1), n));
    return named;
  }

  /** The starts of the windows between the first window with a call and the last. */
  List<Long> middleWindows() {
    TreeMap<Long, Integer> calls = callsPerWindow();
    List<Long> starts = new ArrayList<>();
    if (calls.isEmpty()) {
      return starts;
    }
    long window = sandbox.rateLimitWindowSeconds();
    for (long w = calls.firstKey() + window; w < calls.lastKey(); w += window) {
      starts.add(w);
    }
    return starts;
  }

  /**
   * How long before the window of its turn a job handed back by the line is due back at most: its
   * backoff ends as much before its turn as jobs came back late lately (at most 1 s), less the 0.15
   * s it aims after the turn. The window of a job's turn is the one its due plus this falls in.
   */
  static final long DUE_BEFORE_ITS_TURN_MILLIS = 1000;

  /**
   * By window start (epoch seconds), for the windows between the first and the last: how many jobs
   * of these instances, handed back for a turn in that window, were made available again by the
   * engine and activated by a runtime only after the window had ended. Their calls are the ones the
   * window could not have had: the engine or the runtime's polling brought them back late, not the
   * line.
   */
  static TreeMap<Long, Integer> lateTurns(
      List<HandBack> handBacks,
      List<Activation> activations,
      List<Long> middle,
      long windowSeconds) {
    long window = windowSeconds * 1000;
    Map<Long, List<Activation>> activationsOf = new HashMap<>();
    for (Activation a : activations) {
      activationsOf.computeIfAbsent(a.job(), k -> new ArrayList<>()).add(a);
    }
    Set<Long> middleStarts = new HashSet<>(middle);
    TreeMap<Long, Integer> late = new TreeMap<>();
    for (HandBack hand : handBacks) {
      long turnStart = (hand.dueMillis() + DUE_BEFORE_ITS_TURN_MILLIS) / window * window;
      long back =
          activationsOf.getOrDefault(hand.job(), List.of()).stream()
              .filter(a -> a.position() > hand.position())
              .mapToLong(Activation::atMillis)
              .min()
              .orElse(Long.MAX_VALUE);
      if (back >= turnStart + window && middleStarts.contains(turnStart / 1000)) {
        late.merge(turnStart / 1000, 1, Integer::sum);
      }
    }
    return late;
  }

  /**
   * A job handed back by the line: the engine's FAILED record (its log position), due back then.
   */
  record HandBack(long job, long position, long dueMillis) {}

  /**
   * A job activated by a runtime: the engine's job batch record (its log position) and its time.
   */
  record Activation(long job, long position, long atMillis) {}

  /** {@link #lateTurns} of this run's jobs of these instances, from the engine's records. */
  TreeMap<Long, Integer> lateTurns(Set<Long> instances) {
    RecordStream records = RecordStream.of(InMemoryEngines.records(engine));
    List<HandBack> handBacks = new ArrayList<>();
    Set<Long> jobs = new HashSet<>();
    for (Record<JobRecordValue> r : records.jobRecords()) {
      if (r.getIntent() == JobIntent.FAILED
          && r.getValue().getRetryBackoff() > 0
          && instances.contains(r.getValue().getProcessInstanceKey())) {
        handBacks.add(
            new HandBack(
                r.getKey(), r.getPosition(), r.getTimestamp() + r.getValue().getRetryBackoff()));
        jobs.add(r.getKey());
      }
    }
    List<Activation> activations = new ArrayList<>();
    for (Record<JobBatchRecordValue> r : records.jobBatchRecords()) {
      if (r.getIntent() == JobBatchIntent.ACTIVATED) {
        for (long job : r.getValue().getJobKeys()) {
          if (jobs.contains(job)) {
            activations.add(new Activation(job, r.getPosition(), r.getTimestamp()));
          }
        }
      }
    }
    return lateTurns(handBacks, activations, middleWindows(), sandbox.rateLimitWindowSeconds());
  }

  @Override
  public void close() {
    for (ConnectorRuntime runtime : runtimes) {
      runtime.close();
    }
    engine.stop();
    sandbox.close();
  }
}
