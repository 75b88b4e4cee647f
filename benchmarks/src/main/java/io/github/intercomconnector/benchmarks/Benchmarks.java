/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CallBenchmark} with one caller and with 16, with JMH's allocation profiler, and
 * prints each way's time and allocation per call beside the raw OkHttp call and Camunda's REST
 * connector. With the argument {@code quick}, short runs that only show the benchmarks work.
 */
public final class Benchmarks {

  static final String RAW = "rawOkHttp";
  static final String TASK = "intercomTask";
  static final String TASK_FROM_VARIABLES = "intercomTaskFromVariables";
  static final String REST = "restConnectorFromVariables";

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
          new OptionsBuilder()
              .include(CallBenchmark.class.getName())
              .threads(threads)
              .addProfiler(GCProfiler.class)
              .jvmArgsAppend("-Xmx1g");
      if (quick) {
        options
            .warmupIterations(1)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(1)
            .measurementTime(TimeValue.seconds(1));
      }
      figures.put(threads, figures(new Runner(options.build()).run()));
    }
    System.out.println();
    System.out.println(table(figures));
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
