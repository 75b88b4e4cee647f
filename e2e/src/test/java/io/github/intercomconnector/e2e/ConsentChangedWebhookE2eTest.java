/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.ZeebePropertiesBuilder;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.EngineProcesses;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.inbound.ConsentChangedWebhook;
import io.github.intercomconnector.inbound.ConsentTopics;
import io.github.intercomconnector.inbound.HubSignature;
import io.github.intercomconnector.sandbox.ExampleWorkspace;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Intercom: Consent changed" in the real connector runtime: notifications go to its webhook
 * endpoint ({@code /inbound/<webhook ID>}) and start or continue processes on the in-memory engine,
 * or are refused there.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsentChangedWebhookE2eTest {

  static final String SECRET = "e2e-client-secret-" + UUID.randomUUID();
  static final HubSignature INTERCOM = new HubSignature(SECRET);

  static final String MESSAGE_START = "webhook-message-start";
  static final String PLAIN_START = "webhook-plain-start";
  static final String WAITING = "webhook-boundary";
  static final String EXAMPLE = "intercom-consent-withdrawn";

  /** When the notifications of this test were sent: now, as the maximum age counts. */
  static final long SENT_AT = java.time.Instant.now().getEpochSecond();

  static ZeebeTestEngine engine;
  static ConnectorRuntime runtime;
  static EngineProcesses processes;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    engine = InMemoryEngines.start();
    runtime =
        ConnectorRuntime.forEmbeddedEngineWithWebhooks(
            engine,
            Map.of("INTERCOM_CLIENT_SECRET", SECRET),
            Map.of("spring.main.banner-mode", "off"));
    processes = new EngineProcesses(engine, runtime.client());
    processes.deploy(messageStart(), MESSAGE_START + ".bpmn");
    processes.deploy(plainStart(), PLAIN_START + ".bpmn");
    processes.deploy(boundary(), WAITING + ".bpmn");
    processes.deployClasspath("processes/consent-withdrawn-in-intercom.bpmn");
    for (String path : List.of(MESSAGE_START, PLAIN_START, WAITING, EXAMPLE)) {
      awaitActive(path);
    }
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

  /** The properties the Modeler writes from the template, on an element of any kind. */
  static void listening(ZeebePropertiesBuilder<?> element, String path) {
    element.zeebeProperty("inbound.type", ConsentChangedWebhook.TYPE);
    element.zeebeProperty("inbound.context", path);
    element.zeebeProperty("inbound.signatureCheck", "required");
    element.zeebeProperty("inbound.clientSecret", "{{secrets.INTERCOM_CLIENT_SECRET}}");
    element.zeebeProperty("inbound.topics", ConsentTopics.DEFAULT_TOPICS);
    element.zeebeProperty("resultVariable", "consentChange");
  }

  static BpmnModelInstance messageStart() {
    var start =
        Bpmn.createExecutableProcess(MESSAGE_START)
            .startEvent("ConsentChanged")
            .message("m-" + UUID.randomUUID());
    listening(start, MESSAGE_START);
    start.zeebeProperty("correlationRequired", "notRequired");
    start.zeebeProperty("messageTtl", "PT1H");
    return start.endEvent("Heard").done();
  }

  static BpmnModelInstance plainStart() {
    var start = Bpmn.createExecutableProcess(PLAIN_START).startEvent("ConsentChanged");
    listening(start, PLAIN_START);
    return start.endEvent("Heard").done();
  }

  /** A person waits for a decision; a withdrawal of theirs inside Intercom interrupts the wait. */
  static BpmnModelInstance boundary() {
    var process =
        Bpmn.createExecutableProcess(WAITING)
            .startEvent()
            .userTask("WaitForDecision")
            .endEvent("Decided")
            .moveToActivity("WaitForDecision")
            .boundaryEvent("WithdrawnInIntercom")
            .message(
                m -> m.name("b-" + UUID.randomUUID()).zeebeCorrelationKeyExpression("contactId"));
    listening(process, WAITING);
    process.zeebeProperty("correlationKeyExpression", "=contact.id");
    return process.endEvent("WithdrawnWhileWaiting").done();
  }

  static void awaitActive(String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (post(path, Map.of(), new byte[0]).statusCode() != 404) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the runtime did not activate the webhook " + path);
  }

  static HttpResponse<String> post(String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.port() + "/inbound/" + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> signed(String path, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return post(path, Map.of("X-Hub-Signature", INTERCOM.header(bytes)), bytes);
  }

  static String unsubscribe(String notificationId, String contactId) {
    return """
    {"type":"notification_event","id":"%s","topic":"granular.unsubscribe","app_id":"e2e",
     "created_at":%d,"delivery_attempts":1,"first_sent_at":%d,
     "data":{"type":"notification_event_data","item":{"type":"subscription",
       "subscription_type":{"type":"subscription_type","id":"%s","consent_type":"opt_in",
         "default_translation":{"name":"Newsletters"}},
       "contact":{"type":"contact","id":"%s","email":"ada@example.com",
         "external_id":"cust-1001","role":"user"}}}}
    """
        .formatted(notificationId, SENT_AT, SENT_AT, ExampleWorkspace.NEWSLETTERS, contactId);
  }

  static String notif() {
    return "notif_" + UUID.randomUUID();
  }

  @Test
  void aSignedNotificationStartsTheProcessWithTheDocumentedVariables() throws Exception {
    int before = processes.instancesOf(MESSAGE_START).size();
    String id = notif();
    HttpResponse<String> answer = signed(MESSAGE_START, unsubscribe(id, ExampleWorkspace.ADA));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

    long key = processes.awaitNewInstance(MESSAGE_START, before, Duration.ofSeconds(10));
    ProcessOutcome outcome = processes.await(key, Duration.ofSeconds(10));
    assertThat(outcome.endEventId()).isEqualTo("Heard");
    @SuppressWarnings("unchecked")
    Map<String, Object> change = (Map<String, Object>) outcome.variable("consentChange");
    assertThat(change)
        .containsEntry("topic", "granular.unsubscribe")
        .containsEntry("receives", false)
        .containsEntry("notificationId", id)
        .containsEntry("happenedAt", java.time.Instant.ofEpochSecond(SENT_AT).toString())
        .containsEntry("appId", "e2e")
        .containsEntry(
            "subscriptionType",
            Map.of(
                "id", ExampleWorkspace.NEWSLETTERS, "name", "Newsletters", "consentType", "opt_in"))
        .containsEntry(
            "contact",
            Map.of(
                "id", ExampleWorkspace.ADA,
                "email", "ada@example.com",
                "externalId", "cust-1001",
                "role", "user"))
        .containsKeys("consentEvidence", "item", "deliveryAttempts");
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) change.get("consentEvidence");
    assertThat(evidence)
        .containsEntry("task", "consentChanged")
        .containsEntry("action", "unsubscribed")
        .containsEntry("notificationId", id);
  }

  @Test
  void intercomsRetryOfTheSameNotificationStartsNoSecondInstance() throws Exception {
    for (String path : List.of(MESSAGE_START, PLAIN_START)) {
      int before = processes.instancesOf(path).size();
      String body = unsubscribe(notif(), ExampleWorkspace.ADA);
      assertThat(signed(path, body).statusCode()).isEqualTo(200);
      HttpResponse<String> replay = signed(path, body);
      assertThat(replay.statusCode()).isEqualTo(200);
      assertThat(replay.body()).contains("Already delivered.");
      processes.awaitNewInstance(path, before, Duration.ofSeconds(10));
      assertThat(processes.instancesOf(path)).as(path).hasSize(before + 1);
    }
  }

  @Test
  void aMissingWrongOrTruncatedSignatureIsRefused401AndStartsNothing() throws Exception {
    int before = processes.instancesOf(PLAIN_START).size();
    String body = unsubscribe(notif(), ExampleWorkspace.ADA);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String good = INTERCOM.header(bytes);
    List<Map<String, String>> refused =
        List.of(
            Map.of(),
            Map.of("X-Hub-Signature", new HubSignature("not-the-app-secret").header(bytes)),
            Map.of("X-Hub-Signature", good.substring(0, good.length() - 4)),
            Map.of(
                "X-Hub-Signature",
                INTERCOM.header(
                    unsubscribe(notif(), ExampleWorkspace.ADA).getBytes(StandardCharsets.UTF_8))));
    for (Map<String, String> headers : refused) {
      HttpResponse<String> answer = post(PLAIN_START, headers, bytes);
      assertThat(answer.statusCode()).as(headers.toString()).isEqualTo(401);
      assertThat(answer.body()).doesNotContain("notif_").doesNotContain(SECRET);
    }
    assertThat(processes.instancesOf(PLAIN_START)).hasSize(before);
  }

  @Test
  void pingAndTopicsTheElementDoesNotHearAreAnswered200AndStartNothing() throws Exception {
    int before = processes.instancesOf(PLAIN_START).size();
    String ping =
        "{\"type\":\"notification_event\",\"id\":\""
            + notif()
            + "\",\"topic\":\"ping\",\"data\":{\"item\":{\"type\":\"ping\",\"message\":\"hi\"}}}";
    String merged =
        "{\"type\":\"notification_event\",\"id\":\""
            + notif()
            + "\",\"topic\":\"contact.merged\",\"data\":{\"item\":{\"type\":\"contact\",\"id\":\"c1\"}}}";
    assertThat(signed(PLAIN_START, ping).statusCode()).isEqualTo(200);
    HttpResponse<String> unheard = signed(PLAIN_START, merged);
    assertThat(unheard.statusCode()).isEqualTo(200);
    assertThat(unheard.body()).contains("not one this element hears");
    assertThat(processes.instancesOf(PLAIN_START)).hasSize(before);
  }

  @Test
  void bodiesThatAreNotNotificationsAreRefusedWithA4xxAndStartNothing() throws Exception {
    int before = processes.instancesOf(PLAIN_START).size();
    assertThat(signed(PLAIN_START, "{\"type\":\"notification_event\",").statusCode())
        .isEqualTo(400);
    assertThat(
            signed(PLAIN_START, "{\"type\":\"conversation\",\"id\":\"x\",\"topic\":\"ping\"}")
                .statusCode())
        .isEqualTo(400);
    String oversized =
        unsubscribe(notif(), ExampleWorkspace.ADA)
            + " ".repeat(ConsentChangedWebhook.MAX_BODY_BYTES);
    assertThat(signed(PLAIN_START, oversized).statusCode()).isEqualTo(413);
    assertThat(processes.instancesOf(PLAIN_START)).hasSize(before);
  }

  @Test
  void aBoundaryEventContinuesTheInstanceOfThePersonWhoseConsentChanged() throws Exception {
    long ada = processes.start(WAITING, Map.of("contactId", ExampleWorkspace.ADA));
    long grace = processes.start(WAITING, Map.of("contactId", ExampleWorkspace.GRACE));
    Thread.sleep(500); // both wait at the user task, their subscriptions opened

    HttpResponse<String> answer = signed(WAITING, unsubscribe(notif(), ExampleWorkspace.ADA));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

    ProcessOutcome adas = processes.await(ada, Duration.ofSeconds(10));
    assertThat(adas.endEventId()).isEqualTo("WithdrawnWhileWaiting");
    assertThat(((Map<?, ?>) adas.variable("consentChange")).get("receives")).isEqualTo(false);
    assertThat(processes.outcome(grace).completed()).as("Grace's instance still waits").isFalse();
  }

  @Test
  void theSandboxSendsASignedNotificationWhenAPersonUnsubscribesInIntercom() throws Exception {
    try (IntercomSandbox sandbox = IntercomSandbox.builder().tokens("unused").start()) {
      sandbox.sendWebhooksTo(
          URI.create("http://127.0.0.1:" + runtime.port() + "/inbound/" + PLAIN_START),
          SECRET,
          Duration.ofMillis(200));
      int before = processes.instancesOf(PLAIN_START).size();
      String id =
          sandbox.personUnsubscribes(ExampleWorkspace.GRACE, ExampleWorkspace.PRODUCT_UPDATES);
      long key = processes.awaitNewInstance(PLAIN_START, before, Duration.ofSeconds(10));
      Map<?, ?> change =
          (Map<?, ?>) processes.await(key, Duration.ofSeconds(10)).variable("consentChange");
      assertThat(change.get("notificationId")).isEqualTo(id);
      assertThat(((Map<?, ?>) change.get("subscriptionType")).get("name"))
          .isEqualTo("Product updates");
      assertThat(sandbox.state().consents(ExampleWorkspace.GRACE))
          .doesNotContainKey(ExampleWorkspace.PRODUCT_UPDATES);
    }
  }

  @Test
  void aNotificationThatNamesNoOneTakesTheExamplesPathForReviewNotAnIncident() throws Exception {
    int before = processes.instancesOf(EXAMPLE).size();
    String id = notif();
    String namesNoOne =
        unsubscribe(id, ExampleWorkspace.ADA)
            .replaceAll("\"contact\":\\{[^}]*\\}", "\"contact\":{\"type\":\"contact\"}");
    assertThat(namesNoOne).doesNotContain(ExampleWorkspace.ADA);
    HttpResponse<String> answer = signed(EXAMPLE, namesNoOne);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    long key = processes.awaitNewInstance(EXAMPLE, before, Duration.ofSeconds(10));
    ProcessOutcome outcome = processes.await(key, Duration.ofSeconds(10));
    assertThat(outcome.endEventId()).isEqualTo("LookedInto");
    assertThat(((Map<?, ?>) outcome.variable("consentChange")).get("contact")).isNull();
    assertThat(outcome.variable("consentIssue"))
        .isEqualTo("Intercom sent a notification that names no one: " + id);
  }
}
