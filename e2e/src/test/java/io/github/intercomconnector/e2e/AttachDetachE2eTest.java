/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.ProcessOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The onboarding example and the GDPR consent example as drawn with template version 1 (Attach and
 * Detach by contact id), unchanged, on the real engine and runtime against the US sandbox.
 */
@Order(1)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AttachDetachE2eTest {

  final E2eStack stack = E2eStack.get();

  @SuppressWarnings("unchecked")
  static Map<String, Object> model(ProcessOutcome outcome, String variable) {
    return (Map<String, Object>) outcome.variable(variable);
  }

  @Test
  void onboardingFindsTheContactByEmailOptsItInAndReturnsTheWholeModel() {
    ProcessOutcome outcome =
        stack.processes.run(
            "intercom-onboarding",
            Map.of("email", "ada@example.com", "newsletterOptIn", true),
            Duration.ofSeconds(30));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("CustomerOnboarded");
    Map<String, Object> model = model(outcome, "newsletterSubscription");
    assertThat(model)
        .containsEntry("type", "subscription")
        .containsEntry("id", "108")
        .containsEntry("state", "live")
        .containsEntry("consent_type", "opt_in")
        .containsEntry(
            "default_translation",
            Map.of("name", "Newsletters", "description", "The monthly newsletter", "locale", "en"))
        .containsEntry("content_types", java.util.List.of("email"));
    assertThat((java.util.List<?>) model.get("translations")).hasSize(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) model.get("consentEvidence");
    assertThat(evidence)
        .containsEntry(
            "subscriptionType", Map.of("id", "108", "name", "Newsletters", "consentType", "opt_in"))
        .containsEntry("action", "attached")
        .containsEntry("consentTypeSent", "opt_in")
        .containsEntry("receives", true);
    assertThat((java.util.List<Map<String, Object>>) evidence.get("contacts"))
        .singleElement()
        .satisfies(c ->
            assertThat(c)
                .containsEntry("id", ADA)
                .containsEntry("role", "user")
                .containsEntry("foundBy", "email")
                .containsEntry("action", "attached"));
    assertThat(stack.us.state().consents(ADA)).isEqualTo(Map.of("108", "opt_in"));
  }

  @Test
  void attachingAnOptOutTypeOptsTheContactOut() {
    String processId =
        stack.deploy(stack.variant(E2eStack.ONBOARDING_BY_ID).input("consentType", "opt_out"));

    ProcessOutcome outcome =
        stack.processes.run(
            processId,
            Map.of("contactId", KATHERINE, "newsletterSubscriptionTypeId", "112"),
            Duration.ofSeconds(30));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(model(outcome, "newsletterSubscription"))
        .containsEntry("id", "112")
        .containsEntry("consent_type", "opt_out");
    assertThat(stack.us.state().consents(KATHERINE)).isEqualTo(Map.of("112", "opt_out"));
  }

  @Test
  void aVersion1ConsentDiagramAttachesAndDetaches() {
    ProcessOutcome given =
        stack.processes.run(
            E2eStack.GDPR_BY_ID_PROCESS,
            Map.of("contactId", GRACE, "subscriptionTypeId", "110", "consentGiven", true),
            Duration.ofSeconds(30));
    assertThat(given.endEventId()).isEqualTo("ConsentRecorded");
    assertThat(model(given, "consentSubscription")).containsEntry("id", "110");
    assertThat(stack.us.state().consents(GRACE)).containsEntry("110", "opt_in");

    ProcessOutcome withdrawn =
        stack.processes.run(
            E2eStack.GDPR_BY_ID_PROCESS,
            Map.of("contactId", GRACE, "subscriptionTypeId", "110", "consentGiven", false),
            Duration.ofSeconds(30));
    assertThat(withdrawn.endEventId()).isEqualTo("ConsentWithdrawn");
    assertThat(model(withdrawn, "consentSubscription"))
        .containsEntry("id", "110")
        .containsEntry("state", "live")
        .doesNotContainKey("already_detached");
    assertThat(stack.us.state().consents(GRACE)).doesNotContainKey("110");

    ProcessOutcome again =
        stack.processes.run(
            E2eStack.GDPR_BY_ID_PROCESS,
            Map.of("contactId", GRACE, "subscriptionTypeId", "110", "consentGiven", false),
            Duration.ofSeconds(30));
    assertThat(again.endEventId()).isEqualTo("ConsentWithdrawn");
    assertThat(model(again, "consentSubscription")).containsEntry("already_detached", true);
  }

  @Test
  void anUnknownContactIsCaughtAsABpmnError() {
    ProcessOutcome outcome =
        stack.processes.run(
            E2eStack.GDPR_BY_ID_PROCESS,
            Map.of("contactId", "nobody-here", "subscriptionTypeId", "110", "consentGiven", false),
            Duration.ofSeconds(30));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("UnknownContact");
    assertThat(outcome.variable("consentIssue"))
        .isEqualTo("Intercom does not know contact nobody-here");
  }
}
