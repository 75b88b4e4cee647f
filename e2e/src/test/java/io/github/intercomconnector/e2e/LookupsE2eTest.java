/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE_OLD_ACCOUNT;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY_LEAD;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.NEWSLETTERS;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.PRODUCT_UPDATES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Finding the contact by email or external id and the subscription type by name, through the engine
 * and the runtime, against a sandbox of this class's own: each way to find a contact, Intercom's
 * search lag, several matches both ways, a merged contact, names unknown, ambiguous or archived,
 * and a diagram drawn with template version 1.
 */
@Order(2)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LookupsE2eTest {

  static final Duration SEARCH_LAG = Duration.ofSeconds(3);
  static final ObjectMapper JSON = new ObjectMapper();

  static IntercomSandbox sandbox;
  final E2eStack stack = E2eStack.get();

  @BeforeAll
  static void ownWorkspace() throws IOException {
    sandbox = IntercomSandbox.builder().tokens(E2eStack.US_TOKEN).searchLag(SEARCH_LAG).start();
    sandbox
        .state()
        .addSubscriptionType(
            JSON.readTree(
                """
                {"id":"120","state":"live","consent_type":"opt_in","content_types":["email"],
                 "default_translation":{"name":"Events","description":"d","locale":"en"},
                 "translations":[]}\
                """));
    sandbox
        .state()
        .addSubscriptionType(
            JSON.readTree(
                """
                {"id":"122","state":"live","consent_type":"opt_out","content_types":["sms_message"],
                 "default_translation":{"name":"events","description":"d","locale":"en"},
                 "translations":[]}\
                """));
  }

  @AfterAll
  static void close() {
    sandbox.close();
  }

  /**
   * The onboarding example against this class's workspace, with these form values, failing one
   * contact at a time (the example reaches every match) and without the example's error handling,
   * so that the task's own failures show as incidents.
   */
  private String onboarding(Map<String, String> form) {
    ExampleVariant variant =
        stack
            .variant("onboarding.bpmn")
            .input("connection.baseUrl", sandbox.baseUrl())
            .input("whenSeveralContactsMatch", "fail")
            .header("errorExpression", "=null");
    form.forEach(variant::input);
    return stack.deploy(variant);
  }

  /** Runs with these variables; the onboarding example's newsletter box is ticked. */
  private ProcessOutcome run(String processId, Map<String, Object> variables) {
    Map<String, Object> all = new LinkedHashMap<>(variables);
    all.putIfAbsent("newsletterOptIn", true);
    return stack.processes.run(processId, all, Duration.ofSeconds(60));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> contactsUsed(ProcessOutcome outcome) {
    Map<String, Object> model = AttachDetachE2eTest.model(outcome, "newsletterSubscription");
    return (List<Map<String, Object>>)
        ((Map<String, Object>) model.get("consentEvidence")).get("contacts");
  }

  @Test
  void byEmailTheTypeByName() {
    String processId = onboarding(Map.of());

    ProcessOutcome outcome = run(processId, Map.of("email", "ADA@example.com "));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("CustomerOnboarded");
    assertThat(contactsUsed(outcome))
        .singleElement()
        .satisfies(c -> {
          assertThat(c).containsEntry("id", ADA).containsEntry("role", "user");
          assertThat(c).containsEntry("foundBy", "email").containsEntry("action", "attached");
        });
    assertThat(sandbox.state().consents(ADA)).containsEntry(NEWSLETTERS, "opt_in");
  }

  @Test
  void byExternalIdAsAUserOrWithAnyRole() {
    String asUser =
        onboarding(
            Map.of(
                "contactBy", "external_id",
                "contactExternalId", "=customerId",
                "contactRole", "user",
                "subscriptionTypeName", "Product updates"));
    String anyRole =
        onboarding(Map.of("contactBy", "external_id", "contactExternalId", "=customerId"));

    ProcessOutcome user = run(asUser, Map.of("customerId", "cust-1002"));
    ProcessOutcome any = run(anyRole, Map.of("customerId", "cust-1003"));

    assertThat(user.incidents()).isEmpty();
    assertThat(contactsUsed(user).get(0))
        .containsEntry("id", GRACE)
        .containsEntry("foundBy", "external_id");
    assertThat(sandbox.state().consents(GRACE)).containsEntry(PRODUCT_UPDATES, "opt_in");
    assertThat(sandbox.journal())
        .anyMatch(r -> r.rawPath().equals("/contacts/find_by_external_id/cust-1002"));
    assertThat(any.incidents()).isEmpty();
    assertThat(contactsUsed(any).get(0)).containsEntry("foundBy", "external_id");
  }

  @Test
  void leadsOnly() {
    String processId = onboarding(Map.of("contactRole", "lead"));

    ProcessOutcome outcome = run(processId, Map.of("email", "katherine@example.com"));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(contactsUsed(outcome).get(0))
        .containsEntry("id", KATHERINE)
        .containsEntry("role", "lead");
  }

  @Test
  void aNewSignUpIsFoundOnceSearchCatchesUpWithoutSpendingRetries() {
    String processId = onboarding(Map.of());
    sandbox
        .state()
        .addContact(
            JSON.createObjectNode()
                .put("id", "e2e-new-signup")
                .put("role", "user")
                .put("email", "new.signup@example.com"));

    ProcessOutcome outcome = run(processId, Map.of("email", "new.signup@example.com"));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("CustomerOnboarded");
    assertThat(sandbox.state().consents("e2e-new-signup")).containsEntry(NEWSLETTERS, "opt_in");
    List<JobRecordValue> handedBack = failedJobs(outcome.processInstanceKey());
    assertThat(handedBack).as("the job looked again through the engine").isNotEmpty();
    assertThat(handedBack)
        .allSatisfy(job -> {
          assertThat(job.getRetries()).as("a wait spends no retry").isEqualTo(3);
          assertThat(job.getErrorMessage())
              .startsWith("INTERCOM_CONTACT_SEARCH_PENDING")
              .contains("n***@example.com")
              .doesNotContain("new.signup@example.com");
        });
  }

  /** The error expression the README recommends, as the README prints it. */
  static String readmeErrorExpression() throws IOException {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
    int start = readme.indexOf("```feel\n");
    assertThat(start).as("the README's error expression").isNotNegative();
    start += "```feel\n".length();
    return "=" + readme.substring(start, readme.indexOf("```", start)).strip();
  }

  @Test
  void theReadmesErrorExpressionLetsASearchWaitPassAndCatchesAnUnknownPerson() throws IOException {
    String processId =
        stack.deploy(
            stack
                .variant("gdpr-consent.bpmn")
                .input("connection.baseUrl", sandbox.baseUrl())
                .input("contactSearchWaitSeconds", "=8")
                .header("errorExpression", readmeErrorExpression()));
    sandbox
        .state()
        .addContact(
            JSON.createObjectNode()
                .put("id", "e2e-readme-signup")
                .put("role", "user")
                .put("external_id", "cust-readme-1")
                .put("email", "readme.signup@example.com"));

    ProcessOutcome waited =
        run(
            processId,
            Map.of(
                "customerId", "cust-readme-1",
                "subscriptionName", "Product updates",
                "consentGiven", true));
    ProcessOutcome unknown =
        run(
            processId,
            Map.of(
                "customerId", "cust-nobody",
                "subscriptionName", "Product updates",
                "consentGiven", true));

    assertThat(failedJobs(waited.processInstanceKey()))
        .as("the search waited through the engine")
        .isNotEmpty();
    assertThat(waited.incidents()).isEmpty();
    assertThat(waited.endEventId()).isEqualTo("ConsentRecorded");
    assertThat(sandbox.state().consents("e2e-readme-signup"))
        .containsEntry(PRODUCT_UPDATES, "opt_in");
    assertThat(unknown.incidents()).isEmpty();
    assertThat(unknown.endEventId()).isEqualTo("UnknownContact");
  }

  private List<JobRecordValue> failedJobs(long processInstanceKey) {
    List<JobRecordValue> failed = new java.util.ArrayList<>();
    for (Record<JobRecordValue> r :
        RecordStream.of(InMemoryEngines.records(stack.engine)).jobRecords()) {
      if (r.getIntent() == JobIntent.FAILED
          && r.getValue().getProcessInstanceKey() == processInstanceKey) {
        failed.add(r.getValue());
      }
    }
    return failed;
  }

  @Test
  void severalMatchesFailOrReachEveryContact() {
    String fail = onboarding(Map.of());
    String all = onboarding(Map.of("whenSeveralContactsMatch", "all"));

    ProcessOutcome refused = run(fail, Map.of("email", "hedy@example.com"));
    ProcessOutcome both = run(all, Map.of("email", "hedy@example.com"));

    assertThat(refused.incidents()).hasSize(1);
    assertThat(refused.incidents().get(0).errorMessage())
        .startsWith("INTERCOM_SEVERAL_CONTACTS_MATCH")
        .contains(HEDY)
        .contains(HEDY_LEAD)
        .contains("h***@example.com")
        .doesNotContain("hedy@example.com");
    assertThat(both.incidents()).isEmpty();
    assertThat(contactsUsed(both))
        .extracting(c -> c.get("id") + "/" + c.get("role") + "/" + c.get("action"))
        .containsExactly(HEDY + "/user/attached", HEDY_LEAD + "/lead/attached");
  }

  @Test
  void aMergedContactIsFollowedToTheOneItWasMergedInto() {
    String byId = onboarding(Map.of("contactBy", "id", "contactId", "=contactId"));
    String byExternalId =
        onboarding(
            Map.of(
                "contactBy", "external_id",
                "contactExternalId", "cust-0999",
                "contactRole", "user",
                "subscriptionTypeName", "Product updates"));

    ProcessOutcome viaId = run(byId, Map.of("contactId", GRACE_OLD_ACCOUNT));
    ProcessOutcome viaExternalId = run(byExternalId, Map.of());

    assertThat(viaId.incidents()).isEmpty();
    assertThat(contactsUsed(viaId).get(0))
        .containsEntry("id", GRACE)
        .containsEntry("mergedFrom", GRACE_OLD_ACCOUNT);
    assertThat(viaExternalId.incidents()).isEmpty();
    assertThat(contactsUsed(viaExternalId).get(0))
        .containsEntry("id", GRACE)
        .containsEntry("mergedFrom", "cust-0999");
    assertThat(sandbox.state().consents(GRACE)).containsKeys(NEWSLETTERS, PRODUCT_UPDATES);
  }

  @Test
  void subscriptionTypeNamesThatAreUnknownAmbiguousOrArchivedAreIncidentsThatSayWhy() {
    ProcessOutcome unknown =
        run(
            onboarding(Map.of("subscriptionTypeName", "Promotions")),
            Map.of("email", "ada@example.com"));
    ProcessOutcome ambiguous =
        run(
            onboarding(Map.of("subscriptionTypeName", "EVENTS")),
            Map.of("email", "ada@example.com"));
    ProcessOutcome archived =
        run(
            onboarding(Map.of("subscriptionTypeName", "Legacy digest")),
            Map.of("email", "ada@example.com"));

    assertThat(unknown.incidents().get(0).errorMessage())
        .startsWith("INTERCOM_SUBSCRIPTION_TYPE_NOT_FOUND")
        .contains("'Promotions'")
        .contains("Newsletters, Product updates, Marketing emails");
    assertThat(ambiguous.incidents().get(0).errorMessage())
        .startsWith("INTERCOM_SEVERAL_SUBSCRIPTION_TYPES_MATCH")
        .contains("120, 122");
    assertThat(archived.incidents().get(0).errorMessage())
        .startsWith("INTERCOM_SUBSCRIPTION_TYPE_NOT_LIVE")
        .contains("is archived");
  }

  @Test
  void nobodyAfterTheWaitIsAClearIncidentWithoutTheFullEmail() {
    String processId = onboarding(Map.of("contactSearchWaitSeconds", "=3"));

    ProcessOutcome outcome = run(processId, Map.of("email", "nobody.here@example.com"));

    assertThat(outcome.incidents()).hasSize(1);
    assertThat(outcome.incidents().get(0).errorMessage())
        .startsWith("INTERCOM_CONTACT_NOT_FOUND: no contact matches email n***@example.com")
        .contains("after looking for")
        .doesNotContain("nobody.here@example.com");
  }

  @Test
  void aDiagramMadeWithTemplateVersion1RunsUnchanged() {
    stack.processes.deployClasspath("diagrams/onboarding-template-v1.bpmn");
    // the version 1 diagram points at the shared example workspace through its secrets
    ProcessOutcome outcome =
        run(
            "onboarding-template-v1",
            Map.of(
                "contactId",
                HEDY,
                "newsletterSubscriptionTypeId",
                Integer.valueOf(PRODUCT_UPDATES)));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("CustomerOnboarded");
    assertThat(AttachDetachE2eTest.model(outcome, "newsletterSubscription"))
        .containsEntry("id", PRODUCT_UPDATES)
        .containsEntry("consent_type", "opt_in");
    assertThat(stack.us.state().consents(HEDY)).containsEntry(PRODUCT_UPDATES, "opt_in");
  }
}
