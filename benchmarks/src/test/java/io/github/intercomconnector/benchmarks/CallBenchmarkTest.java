/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.http.base.model.HttpCommonResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each way of the benchmark makes the call it claims to make, and succeeds; no time is taken. */
class CallBenchmarkTest {

  final CallBenchmark benchmark = new CallBenchmark();
  final CallBenchmark.Shared shared = new CallBenchmark.Shared();
  final CallBenchmark.Caller caller = new CallBenchmark.Caller();

  @BeforeEach
  void start() throws Exception {
    shared.start();
    caller.contexts(shared);
  }

  @AfterEach
  void stop() {
    shared.stop();
  }

  @Test
  void theRawCallGetsTheSubscriptionType() throws Exception {
    assertThat(benchmark.rawOkHttp(shared)).containsEntry("id", "108");
  }

  @Test
  void theConnectorsTaskAttachesWithItsFormBoundOrFromTheVariables() {
    for (int i = 0; i < 3; i++) {
      assertThat(json(benchmark.intercomTask(shared, caller)))
          .containsEntry("id", "108")
          .containsEntry("consent_type", "opt_in");
      assertThat(json(benchmark.intercomTaskFromVariables(shared, caller)))
          .containsEntry("id", "108");
    }
  }

  @Test
  void sideBySideTheRawCallAndTheTaskMakeTheSameCallAndCountWhatTheyAllocate() throws Exception {
    CallBenchmark.RawAllocation raw = new CallBenchmark.RawAllocation();
    CallBenchmark.TaskAllocation task = new CallBenchmark.TaskAllocation();
    assertThat(benchmark.sideBySideRaw(shared, raw)).containsEntry("id", "108");
    assertThat(json(benchmark.sideBySideTask(shared, caller, task)))
        .containsEntry("id", "108")
        .containsEntry("consent_type", "opt_in");
    assertThat(benchmark.fromVariablesRaw(shared, raw)).containsEntry("id", "108");
    assertThat(json(benchmark.fromVariablesTask(shared, caller, task)))
        .containsEntry("id", "108")
        .containsEntry("consent_type", "opt_in");

    assertThat(raw.rawCalls).isEqualTo(2);
    assertThat(task.taskCalls).isEqualTo(2);
    assertThat(raw.rawBytes).as("a call allocates").isPositive();
    assertThat(task.taskBytes).isGreaterThan(raw.rawBytes / 2);
    raw.clear();
    task.clear();
    assertThat(raw.rawBytes + raw.rawCalls + task.taskBytes + task.taskCalls).isZero();
  }

  private static Map<String, Object> json(Object result) {
    return new ObjectMapper().convertValue(result, new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void thePairedTableShowsTheTaskOverTheRawCallMadeAtTheSameTime() {
    Benchmarks.Paired paired =
        Benchmarks.paired(
            "8 raw + 8 task",
            new Benchmarks.Figure(800, 40, 10240),
            new Benchmarks.Figure(880, 50, 14336),
            List.of(1.05, 1.10, 1.15));

    assertThat(Benchmarks.pairedTable(List.of(paired)))
        .endsWith(
            "| 8 raw + 8 task | 800.0 ± 40.0 | 880.0 ± 50.0 | 1.10 (1.05–1.15 of 3) | 10.0 | 14.0"
                + " | 1.40 |");
  }

  @Test
  void noIterationsGiveNoRatio() {
    Benchmarks.Paired paired =
        Benchmarks.paired(
            "8 raw + 8 task",
            new Benchmarks.Figure(800, 40, Double.NaN),
            new Benchmarks.Figure(880, 50, Double.NaN),
            List.of());

    assertThat(paired.count()).isZero();
    assertThat(paired.ratio()).isNaN();
    assertThat(paired.lowest()).isNaN();
    assertThat(paired.highest()).isNaN();
  }

  @Test
  void theRestConnectorMakesTheSameCall() {
    Object result = benchmark.restConnectorFromVariables(shared, caller);
    assertThat(result).isInstanceOf(HttpCommonResult.class);
    HttpCommonResult answer = (HttpCommonResult) result;
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("id", "108");
  }

  @Test
  void theTableShowsEachWayBesideTheRawCallAndTheRestConnector() {
    Map<String, Benchmarks.Figure> ways = new LinkedHashMap<>();
    ways.put(Benchmarks.RAW, new Benchmarks.Figure(100, 3, 10_240));
    ways.put(Benchmarks.TASK, new Benchmarks.Figure(105, 4, 12_288));
    ways.put(Benchmarks.TASK_FROM_VARIABLES, new Benchmarks.Figure(150, 5, 20_480));
    ways.put(Benchmarks.REST, new Benchmarks.Figure(500, 25, 102_400));

    String table = Benchmarks.table(Map.of(1, ways));

    assertThat(table)
        .contains("| 1 | intercomTask | 105.0 ± 4.0 | +5.0 | 12.0 | 1.05 | 1.20 | 0.21 |")
        .contains(
            "| 1 | restConnectorFromVariables | 500.0 ± 25.0 | +400.0 | 100.0 | 5.00 | 10.00 |"
                + " 1.00 |");
  }
}
