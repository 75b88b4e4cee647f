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
  static final String SIDE_RAW = "sideBySideRaw";
  static final String SIDE_TASK = "sideBySideTask";

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
              .include(CallBenchmark.class.getName() + "\\.(?!sideBySide)")
              .threads(threads)
              .addProfiler(GCProfiler.class);
      figures.put(threads, figures(new Runner(options.build()).run()));
    }
    ChainedOptionsBuilder sideBySide =
        options(quick).include(CallBenchmark.class.getName() + "\\.sideBySide").forks(3);
    Paired paired = sideBySide(new Runner(sideBySide.build()).run());
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
   * The side-by-side run: each way's time (µs, with JMH's margin) over all its iterations, and the
   * task's time over the raw call's as measured in the same iterations: their mean, lowest and
   * highest.
   */
  record Paired(Figure raw, Figure task, double ratio, double lowest, double highest, int count) {}

  static Paired sideBySide(Collection<RunResult> results) {
    if (results.size() != 1) {
      throw new IllegalStateException(
          "expected one side-by-side benchmark result, got " + results.size());
    }
    RunResult result = results.iterator().next();
    List<Double> ratios = new ArrayList<>();
    for (var run : result.getBenchmarkResults()) {
      for (var iteration : run.getIterationResults()) {
        var rawTime = iteration.getSecondaryResults().get(SIDE_RAW);
        var taskTime = iteration.getSecondaryResults().get(SIDE_TASK);
        ratios.add(taskTime.getScore() / rawTime.getScore());
      }
    }
    return paired(
        secondary(result.getSecondaryResults(), SIDE_RAW),
        secondary(result.getSecondaryResults(), SIDE_TASK),
        ratios);
  }

  static Paired paired(Figure raw, Figure task, List<Double> ratios) {
    if (ratios.isEmpty()) {
      return new Paired(raw, task, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    DoubleSummaryStatistics stats =
        ratios.stream().mapToDouble(Double::doubleValue).summaryStatistics();
    return new Paired(
        raw, task, stats.getAverage(), stats.getMin(), stats.getMax(), (int) stats.getCount());
  }

  private static Figure secondary(Map<String, Result> results, String way) {
    Result result = results.get(way);
    return new Figure(result.getScore(), result.getScoreError(), Double.NaN);
  }

  /** A Markdown table of the side-by-side run. */
  static String pairedTable(Paired paired) {
    return String.join(
        "\n",
        "| callers at once | µs per raw call | µs per task call | time × raw OkHttp, same"
            + " iterations: mean (lowest–highest of n) |",
        "| --- | ---: | ---: | ---: |",
        String.format(
            "| 8 raw + 8 task | %.1f ± %.1f | %.1f ± %.1f | %.2f (%.2f–%.2f of %d) |",
            paired.raw().micros(),
            paired.raw().error(),
            paired.task().micros(),
            paired.task().error(),
            paired.ratio(),
            paired.lowest(),
            paired.highest(),
            paired.count()));
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
