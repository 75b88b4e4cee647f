/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CallBenchmark} with one caller and with 16, with JMH's allocation profiler, and
 * prints each way's time and allocation per call beside the raw OkHttp call and Camunda's REST
 * connector; then the raw call and the task side by side, 8 callers each at the same time, and the
 * task's time over the raw call's in each iteration. With the argument {@code quick}, short runs
 * that only show the benchmarks work.
 */
public final class Benchmarks {

  static final String RAW = "rawOkHttp";
  static final String TASK = "intercomTask";
  static final String TASK_FROM_VARIABLES = "intercomTaskFromVariables";
  static final String REST = "restConnectorFromVariables";
  static final String BOUND = "sideBySide";
  static final String FROM_VARIABLES = "fromVariables";

  /**
   * Time (µs, with JMH's 99.9 % error margin) and allocation (bytes) per call of one way, at one
   * number of callers.
   */
  record Figure(double micros, double error, double bytes) {}

  public static void main(String[] args) throws RunnerException {
    boolean quick = List.of(args).contains("quick");
    Map<Integer, Map<String, Figure>> figures = new LinkedHashMap<>();
    for (int threads : new int[] {1, 16}) {
      ChainedOptionsBuilder options =
          options(quick)
              .include(
                  CallBenchmark.class.getName() + "\\.(?!" + BOUND + "|" + FROM_VARIABLES + ")")
              .threads(threads)
              .addProfiler(GCProfiler.class);
      figures.put(threads, figures(new Runner(options.build()).run()));
    }
    ChainedOptionsBuilder sideBySide =
        options(quick)
            .include(CallBenchmark.class.getName() + "\\.(" + BOUND + "|" + FROM_VARIABLES + ")")
            .forks(3);
    List<Paired> paired = sideBySide(new Runner(sideBySide.build()).run());
    System.out.println();
    System.out.println(table(figures));
    System.out.println();
    System.out.println(pairedTable(paired));
  }

  private static ChainedOptionsBuilder options(boolean quick) {
    ChainedOptionsBuilder options = new OptionsBuilder().jvmArgsAppend("-Xmx1g");
    if (quick) {
      options
          .warmupIterations(1)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(1)
          .measurementTime(TimeValue.seconds(1))
          .forks(1);
    }
    return options;
  }

  /**
   * One side-by-side run: each way's time (µs, with JMH's margin) and bytes its threads allocated
   * per call, and the task's time over the raw call's as measured in the same iterations: their
   * mean, lowest and highest.
   */
  record Paired(
      String label,
      Figure raw,
      Figure task,
      double ratio,
      double lowest,
      double highest,
      int count) {

    double allocationRatio() {
      return task.bytes() / raw.bytes();
    }
  }

  /** The side-by-side runs, the form bound first, then from the variables. */
  static List<Paired> sideBySide(Collection<RunResult> results) {
    List<Paired> paired = new ArrayList<>();
    for (String group : List.of(BOUND, FROM_VARIABLES)) {
      RunResult result =
          results.stream()
              .filter(r -> r.getParams().getBenchmark().endsWith("." + group))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no result of " + group));
      String rawWay = group + "Raw";
      String taskWay = group + "Task";
      List<Double> ratios = new ArrayList<>();
      for (var run : result.getBenchmarkResults()) {
        for (var iteration : run.getIterationResults()) {
          var rawTime = iteration.getSecondaryResults().get(rawWay);
          var taskTime = iteration.getSecondaryResults().get(taskWay);
          ratios.add(taskTime.getScore() / rawTime.getScore());
        }
      }
      Map<String, Result> secondary = result.getSecondaryResults();
      paired.add(
          paired(
              group.equals(BOUND) ? "8 raw + 8 task, form bound" : "8 raw + 8 task from variables",
              figure(secondary, rawWay, "rawBytes", "rawCalls"),
              figure(secondary, taskWay, "taskBytes", "taskCalls"),
              ratios));
    }
    return paired;
  }

  static Paired paired(String label, Figure raw, Figure task, List<Double> ratios) {
    if (ratios.isEmpty()) {
      return new Paired(label, raw, task, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    DoubleSummaryStatistics stats =
        ratios.stream().mapToDouble(Double::doubleValue).summaryStatistics();
    return new Paired(
        label,
        raw,
        task,
        stats.getAverage(),
        stats.getMin(),
        stats.getMax(),
        (int) stats.getCount());
  }

  private static Figure figure(
      Map<String, Result> results, String way, String bytes, String calls) {
    Result time = results.get(way);
    Result b = results.get(bytes);
    Result c = results.get(calls);
    double perCall = b == null || c == null ? Double.NaN : b.getScore() / c.getScore();
    return new Figure(time.getScore(), time.getScoreError(), perCall);
  }

  /** A Markdown table of the side-by-side runs. */
  static String pairedTable(List<Paired> paired) {
    List<String> rows = new ArrayList<>();
    rows.add(
        "| callers at once | µs per raw call | µs per task call | time × raw OkHttp, same"
            + " iterations: mean (lowest–highest of n) | KB per raw call | KB per task call |"
            + " allocation × raw OkHttp |");
    rows.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Paired p : paired) {
      rows.add(
          String.format(
              "| %s | %.1f ± %.1f | %.1f ± %.1f | %.2f (%.2f–%.2f of %d) | %.1f | %.1f | %.2f |",
              p.label(),
              p.raw().micros(),
              p.raw().error(),
              p.task().micros(),
              p.task().error(),
              p.ratio(),
              p.lowest(),
              p.highest(),
              p.count(),
              p.raw().bytes() / 1024,
              p.task().bytes() / 1024,
              p.allocationRatio()));
    }
    return String.join("\n", rows);
  }

  static Map<String, Figure> figures(Collection<RunResult> results) {
    Map<String, Figure> byWay = new LinkedHashMap<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String way = label.substring(label.lastIndexOf('.') + 1);
      double micros = result.getPrimaryResult().getScore();
      double error = result.getPrimaryResult().getScoreError();
      var alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      byWay.put(way, new Figure(micros, error, alloc == null ? Double.NaN : alloc.getScore()));
    }
    return byWay;
  }

  /** A Markdown table: each way, its figures, and its ratios to the raw call and the REST call. */
  static String table(Map<Integer, Map<String, Figure>> figures) {
    List<String> rows = new ArrayList<>();
    rows.add(
        "| callers | way | µs per call | µs over raw | KB allocated per call | time × raw OkHttp |"
            + " allocation × raw OkHttp | time × REST connector |");
    rows.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (var entry : figures.entrySet()) {
      Map<String, Figure> ways = entry.getValue();
      Figure raw = ways.get(RAW);
      Figure rest = ways.get(REST);
      for (String way : List.of(RAW, TASK, TASK_FROM_VARIABLES, REST)) {
        Figure f = ways.get(way);
        if (f == null) {
          continue;
        }
        rows.add(
            String.format(
                "| %d | %s | %.1f ± %.1f | %+.1f | %.1f | %.2f | %.2f | %.2f |",
                entry.getKey(),
                way,
                f.micros(),
                f.error(),
                f.micros() - raw.micros(),
                f.bytes() / 1024,
                f.micros() / raw.micros(),
                f.bytes() / raw.bytes(),
                f.micros() / rest.micros()));
      }
    }
    return String.join("\n", rows);
  }

  private Benchmarks() {}
}
