/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.EngineProcesses;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.inbound.ConsentTopics;
import io.github.intercomconnector.inbound.HubSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mass unsubscribe (an email campaign's unsubscribe link clicked by many people at once) as the
 * webhook hears it: 1,000 signed notifications in about 10 s, a tenth of them sent twice
 * (Intercom's retry), through the runtime's {@code /inbound/} endpoint on the in-memory engine,
 * after a warm-up of 1,000 notifications at 50 a second on a stack of its own in the same JVM.
 * Prints the answer times (p50, p99, max); asserts that every request was answered 2xx (an answer
 * later than 3 s would be 503) and that exactly one instance started per notification id. A
 * benchmark, run on demand: {@code ./mvnw -Pwebhook-burst verify}; its figures are in
 * docs/performance.md.
 */
@Tag("webhook-burst")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WebhookBurstE2eTest {

  static final int NOTIFICATIONS = 1_000;

  /** Over how long the notifications are sent: 10 s, or {@code -Dwebhook-burst.seconds=N}. */
  static final Duration SPREAD = Duration.ofSeconds(Long.getLong("webhook-burst.seconds", 10));

  static final String SECRET = "burst-secret";
  static final String PATH = "mass-unsubscribe";

  static final int WARM_UP_PER_SECOND = 50;

  record Answer(int status, long nanos) {}

  /** An engine, a runtime with the webhook's process deployed and listening, and a sender. */
  record Stack(
      ZeebeTestEngine engine,
      ConnectorRuntime runtime,
      EngineProcesses processes,
      HttpClient http,
      URI endpoint)
      implements AutoCloseable {

    static Stack start() throws Exception {
      ZeebeTestEngine engine = InMemoryEngines.start();
      ConnectorRuntime runtime =
          ConnectorRuntime.forEmbeddedEngineWithWebhooks(
              engine, Map.of("SECRET_A", SECRET), Map.of("spring.main.banner-mode", "off"));
      EngineProcesses processes = new EngineProcesses(engine, runtime.client());
      processes.deploy(
          WebhookTrustE2eTest.listening(PATH, "SECRET_A", ConsentTopics.DEFAULT_TOPICS),
          PATH + ".bpmn");
      HttpClient http =
          HttpClient.newBuilder()
              .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
              .build();
      URI endpoint = URI.create("http://127.0.0.1:" + runtime.port() + "/inbound/" + PATH);
      Stack stack = new Stack(engine, runtime, processes, http, endpoint);
      try {
        awaitListening(http, endpoint, new HubSignature(SECRET));
      } catch (Exception | AssertionError e) {
        stack.close();
        throw e;
      }
      return stack;
    }

    @Override
    public void close() {
      try {
        runtime.close();
      } finally {
        engine.stop();
      }
    }
  }

  @Test
  void aThousandNotificationsInTenSecondsAreAnswered2xxAndStartOneInstanceEach() throws Exception {
    warmUp();
    try (Stack stack = Stack.start()) {
      ZeebeTestEngine engine = stack.engine();
      ConnectorRuntime runtime = stack.runtime();
      EngineProcesses processes = stack.processes();
      HttpClient http = stack.http();
      URI endpoint = stack.endpoint();
      HubSignature intercom = new HubSignature(SECRET);

      long now = Instant.now().getEpochSecond();
      List<String> ids = new ArrayList<>();
      List<CompletableFuture<Answer>> answers = new ArrayList<>();
      long start = System.nanoTime();
      long every = SPREAD.toNanos() / NOTIFICATIONS;
      for (int i = 0; i < NOTIFICATIONS; i++) {
        String id = "notif_burst_" + i;
        ids.add(id);
        byte[] body = unsubscribe(id, "contact-" + i, now).getBytes(StandardCharsets.UTF_8);
        parkUntil(start + i * every);
        answers.add(send(http, endpoint, intercom, body));
        if (i % 10 == 5) {
          // Intercom's retry of a notification sent a little earlier.
          byte[] again =
              unsubscribe(ids.get(i - 5), "contact-" + (i - 5), now)
                  .getBytes(StandardCharsets.UTF_8);
          answers.add(send(http, endpoint, intercom, again));
        }
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
      double sentIn = (System.nanoTime() - start) / 1e9;
      List<Long> millis = new ArrayList<>();
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Answer> answer : answers) {
        millis.add(answer.get().nanos() / 1_000_000);
        statuses.add(answer.get().status());
      }
      millis.sort(Long::compare);
      long notNow = statuses.stream().filter(status -> status == 503).count();
      // Intercom's retry comes a minute later: by then the engine has taken what it was given.
      long caughtUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (processes.instancesOf(PATH).size() < NOTIFICATIONS && System.nanoTime() < caughtUp) {
        Thread.sleep(200);
      }
      // Intercom's retry of every notification (those answered 2xx are answered 200 again).
      List<CompletableFuture<Answer>> retries = new ArrayList<>();
      for (int i = 0; i < NOTIFICATIONS; i++) {
        retries.add(
            send(
                http,
                endpoint,
                intercom,
                unsubscribe(ids.get(i), "contact-" + i, now).getBytes(StandardCharsets.UTF_8)));
        if (retries.size() % 50 == 0) {
          CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new))
              .get(1, TimeUnit.MINUTES);
        }
      }
      CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
      List<Integer> retried = new ArrayList<>();
      for (CompletableFuture<Answer> retry : retries) {
        retried.add(retry.get().status());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (processes.instancesOf(PATH).size() < NOTIFICATIONS && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(1_000);
      List<Long> instances = processes.instancesOf(PATH);
      Set<Object> heard = new HashSet<>();
      for (long key : instances) {
        Object change = processes.outcome(key).variable("consentChange");
        heard.add(((Map<?, ?>) change).get("notificationId"));
      }
      System.out.printf(
          "webhook burst: %d requests (%d notifications, %d retries) sent in %.1f s; answers"
              + " p50 %d ms, p99 %d ms, max %d ms; %d answered 503 (not taken in 3 s); every"
              + " notification sent again: statuses %s; %d instances, %d notification ids%n",
          answers.size(),
          NOTIFICATIONS,
          answers.size() - NOTIFICATIONS,
          sentIn,
          millis.get(millis.size() / 2),
          millis.get((int) Math.ceil(millis.size() * 0.99) - 1),
          millis.getLast(),
          notNow,
          retried.stream().distinct().sorted().toList(),
          instances.size(),
          heard.size());
      assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(200, 503));
      assertThat(retried).allSatisfy(status -> assertThat(status).isEqualTo(200));
      assertThat(instances).hasSize(NOTIFICATIONS);
      assertThat(heard).containsExactlyInAnyOrderElementsOf(ids);
      engineAlone(engine, runtime);
    }
  }

  /**
   * A runtime that has been running, as the one a campaign's unsubscribes reach: the webhook's, the
   * runtime's and the engine's code compiled by the JVM (a cold JVM spends the first seconds of a
   * burst compiling, on the same two cores). 1,000 notifications at 50 a second through the same
   * webhook, on an engine and a runtime of their own, stopped before the burst: the burst's engine
   * starts without their buffered messages, which slow the in-memory engine (see {@link
   * #engineAlone}), as a real broker's state does not. Not measured.
   */
  static void warmUp() throws Exception {
    try (Stack stack = Stack.start()) {
      EngineProcesses processes = stack.processes();
      HttpClient http = stack.http();
      URI endpoint = stack.endpoint();
      HubSignature intercom = new HubSignature(SECRET);
      long now = Instant.now().getEpochSecond();
      List<CompletableFuture<Answer>> answers = new ArrayList<>();
      long start = System.nanoTime();
      long every = Duration.ofSeconds(1).toNanos() / WARM_UP_PER_SECOND;
      for (int i = 0; i < NOTIFICATIONS; i++) {
        parkUntil(start + i * every);
        byte[] body =
            unsubscribe("notif_warm_up_" + i, "contact-" + i, now).getBytes(StandardCharsets.UTF_8);
        answers.add(send(http, endpoint, intercom, body));
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (processes.instancesOf(PATH).size() < NOTIFICATIONS && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    }
  }

  /** Publishes 1,000 messages to a new process's start event; the instances started a second. */
  static double publishStraight(ZeebeTestEngine engine, ConnectorRuntime runtime, String path)
      throws Exception {
    EngineProcesses processes = new EngineProcesses(engine, runtime.client());
    processes.deploy(
        io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess(path)
            .startEvent()
            .message("m-" + path)
            .endEvent()
            .done(),
        path + ".bpmn");
    long start = System.nanoTime();
    List<CompletableFuture<?>> published = new ArrayList<>();
    for (int i = 0; i < NOTIFICATIONS; i++) {
      published.add(
          runtime
              .client()
              .newPublishMessageCommand()
              .messageName("m-" + path)
              .correlationKey("")
              .messageId(path + "_" + i)
              .timeToLive(Duration.ofHours(1))
              .variables(Map.of("n", i))
              .send()
              .toCompletableFuture());
      if (published.size() % 50 == 0) {
        // In steps of 50 in flight, as the webhook's hand-overs are, within the client's deadline.
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
            .get(1, TimeUnit.MINUTES);
      }
    }
    CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (processes.instancesOf(path).size() < NOTIFICATIONS && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    return processes.instancesOf(path).size() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * The same in-memory engine taking 1,000 messages published straight to it (no webhook), 50 in
   * flight at a time, as fast as it answers: the rate at which it starts instances here.
   */
  static void engineAlone(ZeebeTestEngine engine, ConnectorRuntime runtime) throws Exception {
    System.out.printf(
        "engine alone: 1,000 messages published straight to the in-memory engine after the burst"
            + " started %.0f instances a second%n",
        publishStraight(engine, runtime, "engine-alone"));
  }

  /** Parked, not spinning: the sender shares the two cores with the engine and the runtime. */
  static void parkUntil(long due) {
    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
      java.util.concurrent.locks.LockSupport.parkNanos(left);
    }
  }

  static CompletableFuture<Answer> send(
      HttpClient http, URI endpoint, HubSignature intercom, byte[] body) {
    long sent = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .header(HubSignature.HEADER, intercom.header(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> new Answer(response.statusCode(), System.nanoTime() - sent));
  }

  static void awaitListening(HttpClient http, URI endpoint, HubSignature intercom)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      byte[] ping =
          "{\"type\":\"notification_event\",\"id\":\"notif_ping\",\"topic\":\"ping\"}"
              .getBytes(StandardCharsets.UTF_8);
      if (send(http, endpoint, intercom, ping).get().status() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the webhook did not listen");
  }

  static String unsubscribe(String id, String contactId, long sentAt) {
    return """
    {"type":"notification_event","id":"%s","topic":"granular.unsubscribe","app_id":"burst",
     "created_at":%d,"delivery_attempts":1,"first_sent_at":%d,
     "data":{"type":"notification_event_data","item":{"type":"subscription",
       "subscription_type":{"type":"subscription_type","id":"108","consent_type":"opt_in"},
       "contact":{"type":"contact","id":"%s","role":"user"}}}}
    """
        .formatted(id, sentAt, sentAt, contactId);
  }
}
