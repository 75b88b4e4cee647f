/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.EngineProcesses;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.inbound.ConsentChangedWebhook;
import io.github.intercomconnector.inbound.ConsentTopics;
import io.github.intercomconnector.inbound.HubSignature;
import io.github.intercomconnector.sandbox.ExampleWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * "Intercom: Consent changed" attacked through the real runtime's {@code /inbound/} endpoint:
 * forged posts while its process is deployed again and again, a deploy that cannot listen and the
 * one that corrects it, replays (late, and after a restart), two signatures, a flood.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WebhookTrustE2eTest {

  static final String SECRET_A = "trust-secret-a-" + UUID.randomUUID();
  static final String SECRET_B = "trust-secret-b-" + UUID.randomUUID();
  static final Map<String, String> SECRETS = Map.of("SECRET_A", SECRET_A, "SECRET_B", SECRET_B);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * The README's setting: the runtime writes each webhook request's activity (for this connector
   * "Successfully handled a verification request") to its log at INFO, one line per request.
   */
  static final String ACTIVITY_LOG_SETTING =
      "logging.level.io.camunda.connector.runtime.core.inbound.activitylog.ActivityLogRegistry";

  static ZeebeTestEngine engine;
  static ConnectorRuntime runtime;
  static EngineProcesses processes;

  @BeforeAll
  static void start() {
    engine = InMemoryEngines.start();
    runtime = startRuntime();
    processes = new EngineProcesses(engine, runtime.client());
  }

  static ConnectorRuntime startRuntime() {
    return ConnectorRuntime.forEmbeddedEngineWithWebhooks(
        engine, SECRETS, Map.of("spring.main.banner-mode", "off", ACTIVITY_LOG_SETTING, "WARN"));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (engine != null) {
      engine.stop();
    }
  }

  /** A message start event listening at {@code path}, signed with the secret named. */
  static BpmnModelInstance listening(String path, String secretName, String topics) {
    var start =
        Bpmn.createExecutableProcess(path).startEvent("ConsentChanged").message("m-" + path);
    start.zeebeProperty("inbound.type", ConsentChangedWebhook.TYPE);
    start.zeebeProperty("inbound.context", path);
    start.zeebeProperty("inbound.signatureCheck", "required");
    start.zeebeProperty("inbound.clientSecret", "{{secrets." + secretName + "}}");
    start.zeebeProperty("inbound.topics", topics);
    start.zeebeProperty("correlationRequired", "notRequired");
    start.zeebeProperty("messageTtl", "PT1H");
    start.zeebeProperty("resultVariable", "consentChange");
    return start.endEvent("Heard").done();
  }

  static HttpResponse<String> post(String path, List<String> signatures, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.port() + "/inbound/" + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (String signature : signatures) {
      request.header(HubSignature.HEADER, signature);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> signed(String path, String secret, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return post(path, List.of(new HubSignature(secret).header(bytes)), bytes);
  }

  static String unsubscribe(String id, long sentAt) {
    return """
    {"type":"notification_event","id":"%s","topic":"granular.unsubscribe","app_id":"e2e",
     "created_at":%d,"delivery_attempts":1,"first_sent_at":%d,
     "data":{"type":"notification_event_data","item":{"type":"subscription",
       "subscription_type":{"type":"subscription_type","id":"%s","consent_type":"opt_in"},
       "contact":{"type":"contact","id":"%s","role":"user"}}}}
    """
        .formatted(id, sentAt, sentAt, ExampleWorkspace.NEWSLETTERS, ExampleWorkspace.ADA);
  }

  static String ping() {
    return "{\"type\":\"notification_event\",\"id\":\"notif_ping_"
        + UUID.randomUUID()
        + "\",\"topic\":\"ping\",\"data\":{\"item\":{\"type\":\"ping\"}}}";
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  /** Waits until the element at {@code path} signed with {@code secret} answers a ping. */
  static void awaitListening(String path, String secret) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (signed(path, secret, ping()).statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the element at " + path + " did not listen with its secret");
  }

  @Test
  void forgedPostsWhileTheProcessIsDeployedTenTimesStartNothingAndGetNo2xx() throws Exception {
    String path = "trust-redeployed";
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicBoolean attacking = new AtomicBoolean(true);
    Thread attacker =
        Thread.ofPlatform()
            .start(() -> {
              String forger = "not-the-secret-" + UUID.randomUUID();
              int i = 0;
              while (attacking.get()) {
                try {
                  byte[] body =
                      unsubscribe("notif_forged_" + i, now()).getBytes(StandardCharsets.UTF_8);
                  HttpResponse<String> answer =
                      i % 2 == 0
                          ? post(path, List.of(), body)
                          : post(path, List.of(new HubSignature(forger).header(body)), body);
                  statuses
                      .computeIfAbsent(answer.statusCode(), s -> new AtomicInteger())
                      .incrementAndGet();
                } catch (Exception e) {
                  statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                }
                i++;
              }
            });
    try {
      for (int deploy = 0; deploy < 10; deploy++) {
        boolean a = deploy % 2 == 0;
        processes.deploy(
            listening(path, a ? "SECRET_A" : "SECRET_B", ConsentTopics.DEFAULT_TOPICS),
            path + ".bpmn");
        awaitListening(path, a ? SECRET_A : SECRET_B);
      }
    } finally {
      attacking.set(false);
      attacker.join(10_000);
    }
    assertThat(statuses.keySet())
        .as("answers to forged posts: %s", statuses)
        .allSatisfy(status -> assertThat(status).isIn(401, 404, 503));
    assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isGreaterThan(100);
    assertThat(processes.instancesOf(path)).isEmpty();
  }

  @Test
  void anElementThatCannotListenAnswers503SaysWhyAndACorrectedDeployServes() throws Exception {
    String path = "trust-corrected";
    processes.deploy(
        listening(path, "SECRET_A", "granular.unsubscribe, conversation.created"), path + ".bpmn");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> answer = signed(path, SECRET_A, ping());
    while (answer.statusCode() == 404 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      answer = signed(path, SECRET_A, ping());
    }
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).contains("60");
    HttpResponse<String> notification = signed(path, SECRET_A, unsubscribe("notif_c1", now()));
    assertThat(notification.statusCode()).isEqualTo(503);
    assertThat(notification.body()).doesNotContain("Exception").doesNotContain("at io.");
    String health =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + runtime.port()
                                + "/inbound?bpmnProcessId="
                                + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(health)
        .contains("DOWN")
        .contains("inbound.topics: must be among")
        .contains("got conversation.created");

    processes.deploy(listening(path, "SECRET_A", ConsentTopics.DEFAULT_TOPICS), path + ".bpmn");
    awaitListening(path, SECRET_A);
    int before = processes.instancesOf(path).size();
    assertThat(signed(path, SECRET_A, unsubscribe("notif_c2", now())).statusCode()).isEqualTo(200);
    processes.awaitNewInstance(path, before, Duration.ofSeconds(10));
  }

  @Test
  void aNotificationReplayedLaterThanTheMaximumAgeStartsNothing() throws Exception {
    String path = "trust-replayed-late";
    processes.deploy(listening(path, "SECRET_A", ConsentTopics.DEFAULT_TOPICS), path + ".bpmn");
    awaitListening(path, SECRET_A);
    long sixteenMinutesAgo = now() - Duration.ofMinutes(16).toSeconds();
    HttpResponse<String> late =
        signed(path, SECRET_A, unsubscribe("notif_late", sixteenMinutesAgo));
    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(late.body()).contains("nothing started");
    Thread.sleep(500);
    assertThat(processes.instancesOf(path)).isEmpty();
  }

  @Test
  void twoSignatureHeadersAreRefused401EvenWhenBothAreGood() throws Exception {
    String path = "trust-two-signatures";
    processes.deploy(listening(path, "SECRET_A", ConsentTopics.DEFAULT_TOPICS), path + ".bpmn");
    awaitListening(path, SECRET_A);
    byte[] body = unsubscribe("notif_two", now()).getBytes(StandardCharsets.UTF_8);
    String good = new HubSignature(SECRET_A).header(body);
    assertThat(post(path, List.of(good, good), body).statusCode()).isEqualTo(401);
    assertThat(post(path, List.of(good, "sha1=" + "0".repeat(40)), body).statusCode())
        .isEqualTo(401);
    Thread.sleep(500);
    assertThat(processes.instancesOf(path)).isEmpty();
    assertThat(post(path, List.of(good), body).statusCode()).isEqualTo(200);
  }

  @Test
  void aFloodOfForgedPostsWritesOnlyAFewLogLines() throws Exception {
    String path = "trust-flooded";
    processes.deploy(listening(path, "SECRET_A", ConsentTopics.DEFAULT_TOPICS), path + ".bpmn");
    awaitListening(path, SECRET_A);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    root.addAppender(lines);
    int forged = 600;
    try {
      byte[] body = unsubscribe("notif_flood", now()).getBytes(StandardCharsets.UTF_8);
      String wrong = new HubSignature("forger").header(body);
      for (int i = 0; i < forged; i++) {
        assertThat(post(path, i % 2 == 0 ? List.of(wrong) : List.of(), body).statusCode())
            .isEqualTo(401);
      }
    } finally {
      root.detachAppender(lines);
    }
    List<String> infoOrAbove =
        lines.list.stream()
            .filter(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
            .map(line -> line.getLoggerName() + ": " + line.getFormattedMessage())
            .toList();
    assertThat(infoOrAbove)
        .as("log lines at INFO or above for %d forged posts", forged)
        .hasSizeLessThanOrEqualTo(4);
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + runtime.managementPort()
                                + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "intercom_connector_webhook_refusals_total{reason=\"signature_wrong\",webhook=\""
                + path
                + "\"} "
                + (forged / 2)
                + ".0")
        .contains(
            "intercom_connector_webhook_refusals_total{reason=\"signature_missing\",webhook=\""
                + path
                + "\"} "
                + (forged / 2)
                + ".0");
    // (the lines themselves are in the failure message: infoOrAbove)
  }

  @Test
  void aReplayAfterTheRuntimeRestartsStartsNothingWithinTheMessageTtl() throws Exception {
    String path = "trust-replayed-after-restart";
    processes.deploy(listening(path, "SECRET_A", ConsentTopics.DEFAULT_TOPICS), path + ".bpmn");
    awaitListening(path, SECRET_A);
    String body = unsubscribe("notif_restart_" + UUID.randomUUID(), now());
    assertThat(signed(path, SECRET_A, body).statusCode()).isEqualTo(200);
    processes.awaitNewInstance(path, 0, Duration.ofSeconds(10));

    runtime.close();
    runtime = startRuntime();
    processes = new EngineProcesses(engine, runtime.client());
    awaitListening(path, SECRET_A);
    HttpResponse<String> replay = signed(path, SECRET_A, body);
    assertThat(replay.statusCode()).isEqualTo(200);
    Thread.sleep(1_000);
    assertThat(processes.instancesOf(path)).as("the engine knew the message id").hasSize(1);
  }

  static BpmnModelInstance throwing(String path, String label, boolean fail) {
    var start = Bpmn.createExecutableProcess(path).startEvent("Heard");
    start.zeebeProperty("inbound.type", ThrowsAtActivationWebhook.TYPE);
    start.zeebeProperty("inbound.context", path);
    start.zeebeProperty("inbound.label", label);
    start.zeebeProperty("inbound.fail", fail ? "yes" : "no");
    return start.endEvent().done();
  }

  /**
   * Why the connector never throws from activate(): the 8.8.7 runtime keeps the path of a webhook
   * whose activation threw, calls that webhook's verify() for every request, and puts a corrected
   * deploy in standby behind it until the runtime restarts. If this test fails, the runtime has
   * changed: read docs/development.md, "The webhook's trust rules", again.
   */
  @Test
  void theRuntimeKeepsThePathOfAWebhookWhoseActivationThrew() throws Exception {
    String path = "trust-runtime-keeps-path";
    processes.deploy(throwing(path, "v1", true), path + ".bpmn");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> answer = post(path, List.of(), new byte[0]);
    while (answer.statusCode() == 404 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      answer = post(path, List.of(), new byte[0]);
    }
    assertThat(answer.body()).as("the failed webhook answers").contains("v1");
    processes.deploy(throwing(path, "v2", false), path + ".bpmn");
    Thread.sleep(5_000);
    assertThat(post(path, List.of(), new byte[0]).body())
        .as("the corrected deploy waits in standby")
        .contains("v1");
  }
}
