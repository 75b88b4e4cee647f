/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY_LEAD;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.MARGARET;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.inbound.HubSignature;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * From drawing to running: e2e/modeler/modeler-test.mjs drives Camunda's modeling distribution in
 * headless Chromium as a user would (service task, template chooser, form, Europe region, result
 * variable, export, Modeler linter), searches the template chooser and the append menu by the words
 * users type, and updates a diagram made with template version 1; the exported files are then
 * deployed unchanged and run by the connector runtime.
 */
@Order(7)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ModelerRoundTripE2eTest {

  final E2eStack stack = E2eStack.get();

  @Test
  void aDiagramDrawnInTheModelerRunsUnchanged() throws Exception {
    Path out = Path.of("target/modeler").toAbsolutePath();
    // -Dscreenshots.update=true refreshes the README's screenshots in docs/screenshots.
    Path screenshots =
        Boolean.getBoolean("screenshots.update")
            ? Path.of("../docs/screenshots").toAbsolutePath()
            : out.resolve("screenshots");
    Process browser =
        new ProcessBuilder("node", "modeler-test.mjs", out.toString(), screenshots.toString())
            .directory(new File("modeler"))
            .redirectErrorStream(true)
            .start();
    String log = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(browser.waitFor(5, TimeUnit.MINUTES)).as("the browser test ended").isTrue();
    System.out.print(log);
    assertThat(browser.exitValue()).as("the browser test failed:%n%s", log).isZero();
    assertThat(screenshots.resolve("template-chooser.png")).exists();
    assertThat(screenshots.resolve("attach-properties.png")).exists();
    assertThat(screenshots.resolve("set-consent-properties.png")).exists();
    assertThat(screenshots.resolve("get-consent-properties.png")).exists();

    // The files exactly as the Modeler exported them.
    stack
        .runtime
        .client()
        .newDeployResourceCommand()
        .addResourceFile(out.resolve("modeler-attach.bpmn").toString())
        .addResourceFile(out.resolve("modeler-detach.bpmn").toString())
        .addResourceFile(out.resolve("modeler-set-consent.bpmn").toString())
        .addResourceFile(out.resolve("modeler-get-consent.bpmn").toString())
        .addResourceFile(out.resolve("modeler-erase-contact.bpmn").toString())
        .addResourceFile(out.resolve("modeler-set-email-opt-out.bpmn").toString())
        .addResourceFile(out.resolve("modeler-upgraded.bpmn").toString())
        .send()
        .join();
    assertThat(Files.readString(out.resolve("modeler-attach.bpmn"))).contains("source=\"eu\"");

    ProcessOutcome attached =
        stack.processes.run(
            "modeler-attach", Map.of("email", "katherine@example.com"), Duration.ofSeconds(30));
    assertThat(attached.incidents()).isEmpty();
    assertThat(attached.completed()).isTrue();
    assertThat(AttachDetachE2eTest.model(attached, "newsletterSubscription"))
        .containsEntry("id", "108")
        .containsEntry("consent_type", "opt_in")
        .containsKeys("default_translation", "translations", "content_types");
    assertThat(stack.eu.state().consents(KATHERINE)).containsEntry("108", "opt_in");

    ProcessOutcome detached =
        stack.processes.run(
            "modeler-detach",
            Map.of("contactId", KATHERINE, "subscriptionTypeId", 108),
            Duration.ofSeconds(30));
    assertThat(detached.incidents()).isEmpty();
    assertThat(AttachDetachE2eTest.model(detached, "removedSubscription"))
        .containsEntry("id", "108");
    assertThat(stack.eu.state().consents(KATHERINE)).doesNotContainKey("108");

    // Set consent: the person by external id, the type by name, the answer from a variable.
    ProcessOutcome consent =
        stack.processes.run(
            "modeler-set-consent",
            Map.of(
                "customerId",
                "cust-1005",
                "subscriptionName",
                "Product updates",
                "consentGiven",
                true,
                "consentTextVersion",
                "product-updates-v2",
                "answeredAt",
                "2026-12-01T09:30:00+01:00"),
            Duration.ofSeconds(30));
    assertThat(consent.incidents()).isEmpty();
    assertThat(consent.completed()).isTrue();
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence =
        (Map<String, Object>) AttachDetachE2eTest.model(consent, "consent").get("consentEvidence");
    assertThat(evidence)
        .containsEntry("action", "attached")
        .containsEntry("consentTypeSent", "opt_in")
        .containsEntry("receives", true)
        .containsEntry(
            "answer",
            Map.of(
                "wording", "product-updates-v2",
                "source", "preferences-page",
                "answeredAt", "2026-12-01T08:30:00Z"));
    assertThat(stack.eu.state().consents(HEDY)).containsEntry("110", "opt_in");

    // Get consent: both contacts with Hedy's email, the two types named, email only.
    ProcessOutcome picture =
        stack.processes.run(
            "modeler-get-consent", Map.of("email", "hedy@example.com"), Duration.ofSeconds(30));
    assertThat(picture.incidents()).isEmpty();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> contacts =
        (List<Map<String, Object>>)
            AttachDetachE2eTest.model(picture, "consentPicture").get("contacts");
    assertThat(contacts).extracting(c -> c.get("id")).containsExactlyInAnyOrder(HEDY, HEDY_LEAD);
    for (Map<String, Object> contact : contacts) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> subscriptions =
          (List<Map<String, Object>>) contact.get("subscriptions");
      assertThat(subscriptions)
          .extracting(s -> s.get("id"))
          .containsExactlyInAnyOrder("108", "112");
    }

    // Erase contact: a person of its own in the EU workspace, archived with the legal basis.
    String erased =
        stack
            .eu
            .state()
            .addContact(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(
                        "{\"id\":\"modeler-erase\",\"role\":\"lead\","
                            + "\"email\":\"modeler-erase@example.com\"}"));
    ProcessOutcome erasure =
        stack.processes.run(
            "modeler-erase-contact",
            Map.of("email", "modeler-erase@example.com"),
            Duration.ofSeconds(30));
    assertThat(erasure.incidents()).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> erasureEvidence =
        (Map<String, Object>) AttachDetachE2eTest.model(erasure, "erasure").get("erasureEvidence");
    assertThat(erasureEvidence)
        .containsEntry("action", "archived")
        .containsEntry(
            "legalBasis",
            Map.of(
                "basis", "legal_obligation",
                "article", "Art. 6(1)(c)",
                "explanation", "DSR-2026-0042"));
    assertThat(stack.eu.state().isArchived(erased)).isTrue();

    // Set email opt-out: a person of its own in the EU workspace, who asks for no email at all.
    String optedOut =
        stack
            .eu
            .state()
            .addContact(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(
                        "{\"id\":\"modeler-opt-out\",\"role\":\"user\","
                            + "\"email\":\"modeler-opt-out@example.com\"}"));
    ProcessOutcome optOut =
        stack.processes.run(
            "modeler-set-email-opt-out",
            Map.of("email", "modeler-opt-out@example.com", "noEmailAtAll", true),
            Duration.ofSeconds(30));
    assertThat(optOut.incidents()).isEmpty();
    assertThat(AttachDetachE2eTest.model(optOut, "emailOptOut"))
        .containsEntry("unsubscribedFromEmails", true);
    assertThat(stack.eu.state().contact(optedOut).path("unsubscribed_from_emails").asBoolean())
        .isTrue();

    // A version 1 diagram the Modeler updated to the newest version runs with the values it kept.
    ProcessOutcome upgraded =
        stack.processes.run(
            "modeler-upgraded",
            Map.of("contactId", MARGARET, "newsletterSubscriptionTypeId", 108),
            Duration.ofSeconds(30));
    assertThat(upgraded.incidents()).isEmpty();
    assertThat(upgraded.endEventId()).isEqualTo("CustomerOnboarded");
    assertThat(stack.us.state().consents(MARGARET)).containsEntry("108", "opt_in");

    theEventDrawnInTheModelerStartsFromASignedNotification(out);
  }

  /**
   * "Intercom: Consent changed" as the Modeler exported it on a message start event, deployed
   * unchanged to a runtime that serves webhooks, started by a notification signed with the secret
   * its form names.
   */
  private void theEventDrawnInTheModelerStartsFromASignedNotification(Path out) throws Exception {
    String secret = "modeler-client-secret";
    try (ConnectorRuntime webhooks =
        ConnectorRuntime.forEmbeddedEngineWithWebhooks(
            stack.engine,
            Map.of("INTERCOM_CLIENT_SECRET", secret),
            Map.of("spring.main.banner-mode", "off"))) {
      String process = "modeler-consent-changed-message-start";
      webhooks
          .client()
          .newDeployResourceCommand()
          .addResourceFile(out.resolve(process + ".bpmn").toString())
          .send()
          .join();
      URI url =
          URI.create("http://127.0.0.1:" + webhooks.port() + "/inbound/intercom-message-start");
      byte[] body =
          ConsentChangedWebhookE2eTest.unsubscribe("notif_modeler", MARGARET)
              .getBytes(StandardCharsets.UTF_8);
      HttpClient http = HttpClient.newHttpClient();
      int before = stack.processes.instancesOf(process).size();
      HttpResponse<String> answer = null;
      for (int i = 0; i < 150; i++) {
        answer =
            http.send(
                HttpRequest.newBuilder(url)
                    .header("X-Hub-Signature", new HubSignature(secret).header(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 404 && answer.statusCode() != 503) {
          break; // the runtime's importer has found the deployed event, and it listens
        }
        Thread.sleep(200);
      }
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      long key = stack.processes.awaitNewInstance(process, before, Duration.ofSeconds(10));
      ProcessOutcome heard = stack.processes.await(key, Duration.ofSeconds(10));
      assertThat(heard.completed()).isTrue();
      @SuppressWarnings("unchecked")
      Map<String, Object> change = (Map<String, Object>) heard.variable("consentChange");
      assertThat(change)
          .containsEntry("topic", "granular.unsubscribe")
          .containsEntry("notificationId", "notif_modeler");
    }
  }
}
