/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.ProcessOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Diagrams made with earlier template versions run unchanged: the example processes as they were
 * drawn with Attach subscription 2, Set consent 1 and Get consent 1 (a custom base URL from a
 * secret, Set consent's answer with the old default form). Version 1 of Attach and Detach is run by
 * the other tests ({@code diagrams/*-template-v1.bpmn}). The examples as drawn before the legal
 * basis came run too, and their evidence says no basis was recorded.
 */
@Order(2)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EarlierTemplateVersionsE2eTest {

  static final String ONBOARDING_ATTACH_V2 = "diagrams/onboarding-attach-v2.bpmn";
  static final String GDPR_SET_CONSENT_V1 = "diagrams/gdpr-consent-set-consent-v1.bpmn";
  static final String SAR_GET_CONSENT_V1 = "diagrams/subject-access-request-get-consent-v1.bpmn";
  static final String GDPR_ATTACH_DETACH_V2 = "diagrams/gdpr-consent-detach-v2.bpmn";

  /** The examples as drawn before the legal basis (Set consent 2, Attach 3, Detach 3, Erase 1). */
  static final String GDPR_SET_CONSENT_V2 = "diagrams/gdpr-consent-set-consent-v2.bpmn";

  static final String ONBOARDING_ATTACH_V3 = "diagrams/onboarding-attach-v3.bpmn";
  static final String WITHDRAW_DETACH_V3 = "diagrams/withdraw-everything-detach-v3.bpmn";
  static final String ERASURE_ERASE_V1 = "diagrams/erasure-request-erase-v1.bpmn";

  final E2eStack stack = E2eStack.get();

  private ProcessOutcome run(String processId, Map<String, Object> variables) {
    return stack.processes.run(processId, variables, Duration.ofSeconds(60));
  }

  @Test
  void attachAndDetachVersion2() {
    Map<String, Object> grace = Map.of("contactId", GRACE, "subscriptionTypeId", "108");
    Map<String, Object> given = new java.util.HashMap<>(grace);
    given.put("consentGiven", true);
    Map<String, Object> withdrawn = new java.util.HashMap<>(grace);
    withdrawn.put("consentGiven", false);

    ProcessOutcome attached = run("gdpr-consent-detach-v2", given);
    ProcessOutcome detached = run("gdpr-consent-detach-v2", withdrawn);

    assertThat(attached.incidents()).isEmpty();
    assertThat(attached.endEventId()).isEqualTo("ConsentRecorded");
    assertThat(detached.incidents()).isEmpty();
    assertThat(detached.endEventId()).isEqualTo("ConsentWithdrawn");
    assertThat(stack.us.state().consents(GRACE)).doesNotContainKey("108");
  }

  @Test
  void attachVersion2() {
    ProcessOutcome outcome = run("onboarding-attach-v2", Map.of("email", "alan@example.com"));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("CustomerOnboarded");
  }

  @Test
  void setConsentVersion1() {
    ProcessOutcome outcome =
        run(
            "gdpr-consent-set-consent-v1",
            Map.of(
                "customerId",
                "cust-1005",
                "subscriptionName",
                "Marketing emails",
                "consentGiven",
                false));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ConsentRecorded");
    assertThat(stack.us.state().consents(HEDY)).containsEntry("112", "opt_out");
  }

  @Test
  @SuppressWarnings("unchecked")
  void getConsentVersion1() {
    ProcessOutcome outcome =
        run("subject-access-request-get-consent-v1", Map.of("email", "hedy@example.com"));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ConsentPictureReady");
    Map<String, Object> picture = AttachDetachE2eTest.model(outcome, "consentPicture");
    assertThat((List<Object>) picture.get("contacts")).hasSize(2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void setConsentVersion2KeepsNoLegalBasis() throws Exception {
    String id =
        stack.person("e2e-set-v2", "user", "set.v2@example.com", "ext-e2e-set-v2", Map.of());

    ProcessOutcome outcome =
        run(
            "gdpr-consent-set-consent-v2",
            Map.of(
                "customerId",
                "ext-" + id,
                "subscriptionName",
                "Newsletters",
                "consentGiven",
                true));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ConsentRecorded");
    assertThat(stack.us.state().consents(id)).containsEntry("108", "opt_in");
    Map<String, Object> evidence =
        (Map<String, Object>) AttachDetachE2eTest.model(outcome, "consent").get("consentEvidence");
    assertThat(evidence).containsEntry("legalBasis", null);
    assertThat((Map<String, Object>) evidence.get("madeBy"))
        .containsEntry("bpmnProcessId", "gdpr-consent-set-consent-v2")
        .containsEntry("elementId", "SetConsent");
  }

  @Test
  void attachVersion3() throws Exception {
    String id = stack.person("e2e-attach-v3", "user", "attach.v3@example.com", null, Map.of());

    ProcessOutcome outcome =
        run(
            "onboarding-attach-v3",
            Map.of("email", "attach.v3@example.com", "newsletterOptIn", true));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("CustomerOnboarded");
    assertThat(stack.us.state().consents(id)).containsEntry("108", "opt_in");
  }

  @Test
  void detachVersion3() throws Exception {
    String id =
        stack.person(
            "e2e-detach-v3", "user", "detach.v3@example.com", null, Map.of("108", "opt_in"));

    ProcessOutcome outcome =
        run("withdraw-everything-detach-v3", Map.of("email", "detach.v3@example.com"));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("EverythingWithdrawn");
    assertThat(stack.us.state().consents(id)).doesNotContainKey("108");
  }

  @Test
  void eraseVersion1() throws Exception {
    String id = stack.person("e2e-erase-v1", "user", "erase.v1@example.com", null, Map.of());

    ProcessOutcome outcome =
        run("erasure-request-erase-v1", Map.of("email", "erase.v1@example.com"));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ErasureConfirmed");
    assertThat(stack.us.state().hasContact(id)).isFalse();
  }
}
