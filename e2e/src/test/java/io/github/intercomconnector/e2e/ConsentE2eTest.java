/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY_LEAD;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.MARGARET;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.MARKETING_EMAILS;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.NEWSLETTERS;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.PRODUCT_UPDATES;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.Fault;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Set consent and Get consent through the engine and the runtime, from the GDPR and subject access
 * request examples, against a fresh example workspace per test: the four combinations of consent
 * model and answer with their evidence, an answer already true writing nothing, answers lost inline
 * and across an engine retry, and whole consent pictures with their filters and the global email
 * opt-out.
 */
@Order(3)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsentE2eTest {

  final E2eStack stack = E2eStack.get();
  IntercomSandbox sandbox;

  @BeforeEach
  void ownWorkspace() throws IOException {
    sandbox = IntercomSandbox.builder().tokens(E2eStack.US_TOKEN).start();
  }

  @AfterEach
  void close() {
    sandbox.close();
  }

  private String gdpr() {
    return stack.deploy(
        stack.variant("gdpr-consent.bpmn").input("connection.baseUrl", sandbox.baseUrl()));
  }

  /** The subject access example, without its error handling: the task's failures are incidents. */
  private String subjectAccess(Map<String, String> form) {
    ExampleVariant variant =
        stack
            .variant("subject-access-request.bpmn")
            .input("connection.baseUrl", sandbox.baseUrl())
            .header("errorExpression", "=null");
    form.forEach(variant::input);
    return stack.deploy(variant);
  }

  private ProcessOutcome consent(String processId, String customer, String type, boolean agrees) {
    return stack.processes.run(
        processId,
        Map.of("customerId", customer, "subscriptionName", type, "consentGiven", agrees),
        Duration.ofSeconds(60));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }

  private static Map<String, Object> evidence(ProcessOutcome outcome, String variable) {
    return map(map(outcome.variable(variable)).get("consentEvidence"));
  }

  /** The request ids of the answers the sandbox sent since {@code from}. */
  private List<String> requestIdsSince(int from) {
    return sandbox.journal().subList(from, sandbox.journal().size()).stream()
        .map(IntercomSandbox.Received::requestId)
        .toList();
  }

  /** Attaches and detaches since {@code from} (a contact search is a POST that reads). */
  private long writesSince(int from) {
    return sandbox.journal().subList(from, sandbox.journal().size()).stream()
        .filter(r -> !r.method().equals("GET") && !r.rawPath().equals("/contacts/search"))
        .count();
  }

  record Case(
      String customer,
      String contact,
      String type,
      String typeId,
      String consentType,
      boolean agrees,
      String action,
      String sent,
      boolean attachedBefore,
      boolean receivesBefore,
      boolean receives,
      String consentAfter) {}

  @Test
  void everyConsentModelAndAnswerEndsInTheWantedStateWithItsEvidence() {
    String processId = gdpr();
    List<Case> cases =
        List.of(
            // opt-in + yes: attach opt_in
            new Case(
                "cust-1002",
                GRACE,
                "Product updates",
                PRODUCT_UPDATES,
                "opt_in",
                true,
                "attached",
                "opt_in",
                false,
                false,
                true,
                "opt_in"),
            // opt-in + no: detach
            new Case(
                "cust-1003",
                ALAN,
                "product updates ",
                PRODUCT_UPDATES,
                "opt_in",
                false,
                "detached",
                null,
                true,
                true,
                false,
                null),
            // opt-out + yes: detach
            new Case(
                "cust-1003",
                ALAN,
                "Marketing emails",
                MARKETING_EMAILS,
                "opt_out",
                true,
                "detached",
                null,
                true,
                false,
                true,
                null),
            // opt-out + no: attach opt_out
            new Case(
                "cust-1001",
                ADA,
                "Marketing emails",
                MARKETING_EMAILS,
                "opt_out",
                false,
                "attached",
                "opt_out",
                false,
                true,
                false,
                "opt_out"));

    for (Case c : cases) {
      int from = sandbox.journal().size();
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

      ProcessOutcome outcome = consent(processId, c.customer(), c.type(), c.agrees());

      assertThat(outcome.incidents()).as(c.toString()).isEmpty();
      assertThat(outcome.endEventId()).as(c.toString()).isEqualTo("ConsentRecorded");
      assertThat(map(outcome.variable("consent")))
          .as("Intercom's subscription type model")
          .containsEntry("type", "subscription")
          .containsEntry("id", c.typeId())
          .containsEntry("consent_type", c.consentType());
      Map<String, Object> evidence = evidence(outcome, "consent");
      assertThat(evidence)
          .as(c.toString())
          .containsEntry("task", "setConsent")
          .containsEntry("action", c.action())
          .containsEntry("consentTypeSent", c.sent())
          .containsEntry("receives", c.receives())
          .containsEntry("clock", "intercom")
          .containsEntry("intercomVersion", "2.16")
          .containsEntry("intercomHost", "127.0.0.1")
          .containsEntry(
              "subscriptionType",
              Map.of(
                  "id",
                  c.typeId(),
                  "name",
                  c.type().trim().equals("product updates") ? "Product updates" : c.type(),
                  "consentType",
                  c.consentType()));
      assertThat(map(evidence.get("legalBasis")))
          .as("the example's legal basis")
          .containsEntry("basis", "consent")
          .containsEntry("article", "Art. 6(1)(a)");
      assertThat(map(evidence.get("madeBy")))
          .as("the process that made the record, as the job gave it")
          .containsEntry("bpmnProcessId", processId)
          .containsEntry("processInstanceKey", String.valueOf(outcome.processInstanceKey()))
          .containsEntry("elementId", "SetConsent")
          .containsEntry("jobType", "io.github.intercomconnector:set-consent:1");
      assertThat(Instant.parse((String) evidence.get("at")))
          .as("Intercom's Date header, in UTC")
          .isBetween(before, Instant.now());
      assertThat(evidence.get("requestIds"))
          .as("every answer's X-Request-Id, in order")
          .isEqualTo(requestIdsSince(from));
      assertThat(list(evidence.get("contacts")))
          .singleElement()
          .satisfies(contact -> {
            assertThat(contact)
                .containsEntry("id", c.contact())
                .containsEntry("role", "user")
                .containsEntry("foundBy", "external_id")
                .containsEntry("mergedFrom", null)
                .containsEntry("action", c.action());
            assertThat(contact)
                .containsEntry("attachedBefore", c.attachedBefore())
                .containsEntry("receivesBefore", c.receivesBefore())
                .containsEntry("attachedAfter", c.consentAfter() != null)
                .containsEntry("receives", c.receives())
                .containsEntry("unsubscribedFromEmails", false);
          });
      assertThat(sandbox.state().consents(c.contact()).get(c.typeId()))
          .as(c.toString())
          .isEqualTo(c.consentAfter());
      assertThat(writesSince(from)).as("one write").isEqualTo(1);
    }
  }

  /**
   * Set consent 2, Attach 3 and Detach 3 showed a stray number field, MAX_TEXT, until it left the
   * templates without a version change: a diagram in which it was filled in runs as before.
   */
  @Test
  void aDiagramWithTheStrayMaxTextFieldFilledInRunsAsBefore() {
    String processId =
        stack.deploy(
            stack
                .variant("gdpr-consent.bpmn")
                .input("connection.baseUrl", sandbox.baseUrl())
                .input("MAX_TEXT", "=4000"));

    ProcessOutcome outcome = consent(processId, "cust-1003", "Product updates", true);

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ConsentRecorded");
    assertThat(evidence(outcome, "consent")).containsEntry("action", "unchanged");
  }

  @Test
  void anAnswerAlreadyTrueWritesNothing() {
    String processId = gdpr();
    Map<String, String> before = sandbox.state().consents(ALAN);
    int from = sandbox.journal().size();

    // Alan is opted in to product updates and opted out of marketing emails
    ProcessOutcome agrees = consent(processId, "cust-1003", "Product updates", true);
    ProcessOutcome declines = consent(processId, "cust-1003", "Marketing emails", false);

    for (ProcessOutcome outcome : List.of(agrees, declines)) {
      assertThat(outcome.endEventId()).isEqualTo("ConsentRecorded");
      assertThat(evidence(outcome, "consent"))
          .containsEntry("action", "unchanged")
          .containsEntry("consentTypeSent", null);
    }
    assertThat(evidence(agrees, "consent")).containsEntry("receives", true);
    assertThat(evidence(declines, "consent")).containsEntry("receives", false);
    assertThat(writesSince(from)).as("nothing written").isZero();
    assertThat(sandbox.state().consents(ALAN)).isEqualTo(before);
  }

  @Test
  void aLostAnswerIsTriedAgainWithinTheJobAndReportedOnce() {
    String processId = gdpr();
    sandbox.inject(Fault.loseAnswer(1).on("POST", "/contacts/" + GRACE + "/subscriptions"));
    int from = sandbox.journal().size();

    ProcessOutcome outcome = consent(processId, "cust-1002", "Newsletters", true);

    assertThat(outcome.incidents()).isEmpty();
    assertThat(evidence(outcome, "consent"))
        .containsEntry("action", "attached")
        .containsEntry("receives", true);
    assertThat(sandbox.state().consents(GRACE)).isEqualTo(Map.of(NEWSLETTERS, "opt_in"));
    assertThat(writesSince(from)).as("the lost attach and its retry").isEqualTo(2);
  }

  @Test
  void aLostAnswerAcrossAnEngineRetryReportsTheChangeNotAnError() {
    String processId = gdpr();
    // Every attempt of the first try is carried out but unanswered: the job fails with a retry.
    sandbox.inject(Fault.loseAnswer(3).on("DELETE", "/contacts/"));

    ProcessOutcome outcome = consent(processId, "cust-1003", "Product updates", false);

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ConsentRecorded");
    Map<String, Object> evidence = evidence(outcome, "consent");
    assertThat(evidence).containsEntry("action", "detached").containsEntry("receives", false);
    assertThat(list(evidence.get("contacts")).get(0))
        .as("the state before the first attempt")
        .containsEntry("attachedBefore", true)
        .containsEntry("receivesBefore", true);
    assertThat(sandbox.state().consents(ALAN)).doesNotContainKey(PRODUCT_UPDATES);
    List<JobRecordValue> failed = failedJobs(outcome.processInstanceKey());
    assertThat(failed)
        .as("one engine retry spent on the lost answers")
        .singleElement()
        .satisfies(job -> {
          assertThat(job.getRetries()).isEqualTo(2);
          assertThat(job.getErrorMessage()).startsWith("INTERCOM_NETWORK_ERROR");
        });
  }

  private List<JobRecordValue> failedJobs(long processInstanceKey) {
    List<JobRecordValue> failed = new ArrayList<>();
    for (Record<JobRecordValue> r :
        RecordStream.of(InMemoryEngines.records(stack.engine)).jobRecords()) {
      if (r.getIntent() == JobIntent.FAILED
          && r.getValue().getProcessInstanceKey() == processInstanceKey) {
        failed.add(r.getValue());
      }
    }
    return failed;
  }

  private static Map<String, Map<String, Object>> pictures(ProcessOutcome outcome) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> c : list(map(outcome.variable("consentPicture")).get("contacts"))) {
      byId.put((String) c.get("id"), c);
    }
    return byId;
  }

  private static Map<String, Map<String, Object>> subscriptions(Map<String, Object> picture) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> s : list(picture.get("subscriptions"))) {
      byId.put((String) s.get("id"), s);
    }
    return byId;
  }

  @Test
  void aPersonsWholeConsentPictureTypesAtTheirDefaultIncluded() {
    String processId = subjectAccess(Map.of());
    int from = sandbox.journal().size();

    ProcessOutcome outcome =
        stack.processes.run(processId, Map.of("email", "hedy@example.com"), Duration.ofSeconds(60));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("AnswerSent");
    Map<String, Map<String, Object>> pictures = pictures(outcome);
    assertThat(pictures).containsOnlyKeys(HEDY, HEDY_LEAD);
    assertThat(pictures.get(HEDY_LEAD))
        .containsEntry("role", "lead")
        .containsEntry("foundBy", "email")
        .containsEntry("unsubscribedFromEmails", false);
    Map<String, Map<String, Object>> lead = subscriptions(pictures.get(HEDY_LEAD));
    assertThat(lead)
        .as("every live type, drafts and archived ones left out")
        .containsOnlyKeys(NEWSLETTERS, PRODUCT_UPDATES, MARKETING_EMAILS);
    assertThat(lead.get(NEWSLETTERS))
        .containsEntry("name", "Newsletters")
        .containsEntry("consentType", "opt_in")
        .containsEntry("contentTypes", List.of("email"))
        .containsEntry("attached", true)
        .containsEntry("receives", true)
        .containsEntry("receivesEmail", true)
        .containsEntry("receivesSms", false);
    assertThat(lead.get(PRODUCT_UPDATES))
        .containsEntry("attached", false)
        .containsEntry("receives", false);
    assertThat(lead.get(MARKETING_EMAILS))
        .as("an opt-out type at its default: not listed by Intercom, yet received")
        .containsEntry("attached", false)
        .containsEntry("receives", true)
        .containsEntry("receivesEmail", true);
    assertThat(evidence(outcome, "consentPicture"))
        .containsEntry("task", "getConsent")
        .containsEntry("action", "read")
        .containsEntry("subscriptionTypes", List.of(NEWSLETTERS, PRODUCT_UPDATES, MARKETING_EMAILS))
        .containsEntry("requestIds", requestIdsSince(from));
    assertThat(writesSince(from)).as("nothing written").isZero();
  }

  @Test
  void theGlobalEmailOptOutSilencesEmailNotSms() {
    String processId = subjectAccess(Map.of());

    ProcessOutcome outcome =
        stack.processes.run(
            processId, Map.of("email", "margaret@example.com"), Duration.ofSeconds(60));

    Map<String, Object> picture = pictures(outcome).get(MARGARET);
    assertThat(picture).containsEntry("unsubscribedFromEmails", true);
    assertThat(subscriptions(picture).get(PRODUCT_UPDATES))
        .containsEntry("contentTypes", List.of("email", "sms_message"))
        .containsEntry("attached", true)
        .containsEntry("receives", true)
        .containsEntry("receivesEmail", false)
        .containsEntry("receivesSms", true);
    assertThat(subscriptions(picture).get(MARKETING_EMAILS))
        .containsEntry("receives", true)
        .containsEntry("receivesEmail", false);
  }

  @Test
  void filtersByTypeIdOrNameAndByKindOfMessage() {
    String byTypes = subjectAccess(Map.of("subscriptionTypes", "=[\"marketing emails\", \"108\"]"));
    String sms = subjectAccess(Map.of("contentType", "sms_message"));

    ProcessOutcome typed =
        stack.processes.run(
            byTypes, Map.of("email", "katherine@example.com"), Duration.ofSeconds(60));
    ProcessOutcome bySms =
        stack.processes.run(sms, Map.of("email", "katherine@example.com"), Duration.ofSeconds(60));

    assertThat(subscriptions(pictures(typed).get(KATHERINE)).keySet())
        .containsExactlyInAnyOrder(MARKETING_EMAILS, NEWSLETTERS);
    assertThat(subscriptions(pictures(bySms).get(KATHERINE)).keySet())
        .as("only Product updates sends SMS")
        .containsExactly(PRODUCT_UPDATES);
  }

  @Test
  void aTypeNameThatIsNotLiveFailsTheReadClearly() {
    String processId = subjectAccess(Map.of("subscriptionTypes", "Beta program"));

    ProcessOutcome outcome =
        stack.processes.run(
            processId, Map.of("email", "katherine@example.com"), Duration.ofSeconds(30));

    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(i ->
            assertThat(i.errorMessage())
                .startsWith("INTERCOM_SUBSCRIPTION_TYPE_NOT_LIVE")
                .contains("114")
                .contains("draft"));
  }
}
