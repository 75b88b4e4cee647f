/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.document.Document;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentReference;
import io.camunda.connector.api.outbound.JobContext;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.connector.runtime.test.outbound.OutboundConnectorContextBuilder;
import io.camunda.connector.runtime.test.outbound.TestJobContext;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.model.AttachSubscriptionRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One attach call ({@code POST /contacts/{id}/subscriptions}) to the same loopback server, made
 * four ways: a raw OkHttp call with the same headers and JSON parsing (the floor), the connector's
 * task with its form already bound (the connector's own work), the connector's task from the
 * process variables as the runtime hands them over, and Camunda's REST connector making the same
 * call from its own variables.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallBenchmark {

  static final String TOKEN = "benchmark-token-not-a-secret";
  static final String CONTACT = "63a07ddf05a32042dffac965";
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /** The server and what every caller shares: one client, as a runtime has. */
  @State(Scope.Benchmark)
  public static class Shared {
    LoopbackIntercom server;
    HttpUrl url;
    OkHttpClient http;
    AttachSubscriptionFunction task;
    HttpJsonFunction rest;
    OutboundConnectorContext variables;
    AttachSubscriptionRequest bound;
    final AtomicLong jobKeys = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws IOException {
      server = new LoopbackIntercom();
      url =
          HttpUrl.get(server.baseUrl())
              .newBuilder()
              .addPathSegment("contacts")
              .addPathSegment(CONTACT)
              .addPathSegment("subscriptions")
              .build();
      http = IntercomClient.defaultHttpClient();
      task = new AttachSubscriptionFunction();
      rest = new HttpJsonFunction();
      variables =
          OutboundConnectorContextBuilder.create()
              .variables(intercomVariables(server.baseUrl()))
              .build();
      bound = variables.bindVariables(AttachSubscriptionRequest.class);
      // As in a runtime that has called the app before: the answers told the rate limit.
      BoundContext first = new BoundContext(bound, variables);
      first.job.setElementInstanceKey(jobKeys.incrementAndGet());
      task.execute(first);
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** One caller's contexts, made once as a runtime makes one per job: only the job key changes. */
  @State(Scope.Thread)
  public static class Caller {
    BoundContext intercomBound;
    OutboundConnectorContext intercomFromVariables;
    OutboundConnectorContext restFromVariables;

    @Setup(Level.Trial)
    public void contexts(Shared shared) {
      intercomBound = new BoundContext(shared.bound, shared.variables);
      intercomFromVariables =
          OutboundConnectorContextBuilder.create()
              .variables(intercomVariables(shared.server.baseUrl()))
              .build();
      restFromVariables =
          OutboundConnectorContextBuilder.create()
              .variables(restVariables(shared.url.toString()))
              .build();
    }
  }

  @Benchmark
  public Map<String, Object> rawOkHttp(Shared shared) throws IOException {
    byte[] body = MAPPER.writeValueAsBytes(Map.of("id", "108", "consent_type", "opt_in"));
    Request request =
        new Request.Builder()
            .url(shared.url)
            .header("Accept", "application/json")
            .header("Intercom-Version", "2.16")
            .header("User-Agent", IntercomClient.USER_AGENT)
            .header("Authorization", "Bearer " + TOKEN)
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response response = shared.http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("the server answered " + response.code());
      }
      return MAPPER.readValue(response.body().string(), MAP);
    }
  }

  @Benchmark
  public Object intercomTask(Shared shared, Caller caller) {
    caller.intercomBound.job.setElementInstanceKey(shared.jobKeys.incrementAndGet());
    return shared.task.execute(caller.intercomBound);
  }

  /**
   * The raw call and the task side by side, 8 callers each at the same time on the same server:
   * both meet the same load, so their ratio does not move with the machine's load from run to run.
   */
  @Benchmark
  @Group("sideBySide")
  @GroupThreads(8)
  public Map<String, Object> sideBySideRaw(Shared shared, RawAllocation allocation)
      throws IOException {
    long before = allocated();
    return allocation.counted(before, rawOkHttp(shared));
  }

  @Benchmark
  @Group("sideBySide")
  @GroupThreads(8)
  public Object sideBySideTask(Shared shared, Caller caller, TaskAllocation allocation) {
    long before = allocated();
    return allocation.counted(before, intercomTask(shared, caller));
  }

  /**
   * The raw call and the task from the process variables (the form bound and validated by the SDK,
   * as a runtime runs it) side by side, 8 callers each; each side also counts the bytes its own
   * threads allocate per call (the server's work, on its own threads, is left out of both).
   */
  @Benchmark
  @Group("fromVariables")
  @GroupThreads(8)
  public Map<String, Object> fromVariablesRaw(Shared shared, RawAllocation allocation)
      throws IOException {
    return sideBySideRaw(shared, allocation);
  }

  @Benchmark
  @Group("fromVariables")
  @GroupThreads(8)
  public Object fromVariablesTask(Shared shared, Caller caller, TaskAllocation allocation) {
    long before = allocated();
    return allocation.counted(before, intercomTaskFromVariables(shared, caller));
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** The bytes the calling thread has allocated so far. */
  static long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /** The bytes the raw call's threads allocated, and their calls, in one iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class RawAllocation {
    public long rawBytes;
    public long rawCalls;

    @Setup(Level.Iteration)
    public void clear() {
      rawBytes = 0;
      rawCalls = 0;
    }

    /** Counts one call that began when this thread had allocated {@code before} bytes. */
    <T> T counted(long before, T answer) {
      rawBytes += allocated() - before;
      rawCalls++;
      return answer;
    }
  }

  /** The bytes the task's threads allocated, and their calls, in one iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class TaskAllocation {
    public long taskBytes;
    public long taskCalls;

    @Setup(Level.Iteration)
    public void clear() {
      taskBytes = 0;
      taskCalls = 0;
    }

    /** Counts one call that began when this thread had allocated {@code before} bytes. */
    <T> T counted(long before, T answer) {
      taskBytes += allocated() - before;
      taskCalls++;
      return answer;
    }
  }

  @Benchmark
  public Object intercomTaskFromVariables(Shared shared, Caller caller) {
    ((TestJobContext) caller.intercomFromVariables.getJobContext())
        .setElementInstanceKey(shared.jobKeys.incrementAndGet());
    return shared.task.execute(caller.intercomFromVariables);
  }

  @Benchmark
  public Object restConnectorFromVariables(Shared shared, Caller caller) {
    return shared.rest.execute(caller.restFromVariables);
  }

  /** The variables of an attach by contact id and subscription type id, as a process has them. */
  static Map<String, Object> intercomVariables(String baseUrl) {
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("accessToken", TOKEN);
    connection.put("region", "custom");
    connection.put("baseUrl", baseUrl);
    connection.put("intercomVersion", "2.16");
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("connection", connection);
    variables.put("contactId", CONTACT);
    variables.put("subscriptionTypeId", "108");
    variables.put("consentType", "opt_in");
    return variables;
  }

  /** The same call as Camunda's REST connector is configured for it. */
  static Map<String, Object> restVariables(String url) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("method", "POST");
    variables.put("url", url);
    variables.put("authentication", Map.of("type", "bearer", "token", TOKEN));
    variables.put(
        "headers",
        Map.of(
            "Accept", "application/json",
            "Intercom-Version", "2.16",
            "Content-Type", "application/json"));
    variables.put("body", Map.of("id", "108", "consent_type", "opt_in"));
    return variables;
  }

  /** A context whose form is bound already, so that only the connector's own work is measured. */
  static final class BoundContext implements OutboundConnectorContext {
    /** The job of one call: the SDK's test job context, given a fresh key for each call. */
    final TestJobContext job = new TestJobContext(Map::of, () -> "{}");

    private final Object form;
    private final OutboundConnectorContext documents;

    /** {@code documents}: the SDK's test context, which the tasks never ask for documents. */
    BoundContext(Object form, OutboundConnectorContext documents) {
      this.form = form;
      this.documents = documents;
    }

    @Override
    public JobContext getJobContext() {
      return job;
    }

    @Override
    public <T> T bindVariables(Class<T> type) {
      return type.cast(form);
    }

    @Override
    public Document resolve(DocumentReference reference) {
      return documents.resolve(reference);
    }

    @Override
    public Document create(DocumentCreationRequest request) {
      return documents.create(request);
    }
  }
}
