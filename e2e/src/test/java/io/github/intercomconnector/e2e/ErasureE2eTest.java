/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The erasure example on the real engine and runtime against the US sandbox: every contact of the
 * person deleted, the proof kept without the person's email, the person answered; "we hold nothing"
 * for someone Intercom does not know; a lost answer retried by the engine completes as erased. Its
 * people are added for it, so that the shared workspace keeps the others' contacts.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ErasureE2eTest {

  static final ObjectMapper JSON = new ObjectMapper();

  final E2eStack stack = E2eStack.get();

  private String person(String id, String role, String email) {
    return stack.person(
        id, role, email, role.equals("user") ? "ext-" + id : null, Map.of("108", "opt_in"));
  }

  private List<JsonNode> proofsSince(int before) {
    List<JsonNode> kept = stack.journal.evidence();
    return kept.subList(before, kept.size()).stream()
        .filter(r -> "intercom-erasure-request".equals(r.path("process").asText()))
        .toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyContactOfThePersonIsDeletedAndTheProofKeepsNoEmail() throws Exception {
    String user = person("e2e-erase-user", "user", "erin@example.com");
    String lead = person("e2e-erase-lead", "lead", "Erin@Example.com");
    int before = stack.journal.evidence().size();

    ProcessOutcome outcome =
        stack.processes.run(
            "intercom-erasure-request",
            Map.of("email", "erin@example.com"),
            Duration.ofSeconds(60));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ErasureConfirmed");
    assertThat(stack.us.state().hasContact(user)).isFalse();
    assertThat(stack.us.state().hasContact(lead)).isFalse();
    assertThat(stack.us.state().snapshot().toString()).doesNotContain("e2e-erase-");
    @SuppressWarnings("unchecked")
    Map<String, Object> erasure = (Map<String, Object>) outcome.variable("erasure");
    assertThat(erasure).containsEntry("action", "deleted");
    assertThat((List<Object>) erasure.get("contactIds")).containsExactlyInAnyOrder(user, lead);

    List<JsonNode> proofs = proofsSince(before);
    assertThat(proofs).hasSize(1);
    JsonNode proof = proofs.get(0).path("evidence");
    assertThat(proof.path("action").asText()).isEqualTo("deleted");
    assertThat(proof.path("searchedBy").asText()).isEqualTo("email");
    assertThat(proof.at("/legalBasis/basis").asText()).isEqualTo("legal_obligation");
    assertThat(proof.at("/madeBy/bpmnProcessId").asText()).isEqualTo("intercom-erasure-request");
    assertThat(proof.at("/madeBy/elementId").asText()).isEqualTo("Erase");
    assertThat(proof.at("/madeBy/jobType").asText())
        .isEqualTo("io.github.intercomconnector:erase-contact:1");
    assertThat(proof.at("/madeBy/processInstanceKey").asText()).matches("\\d+");
    for (JsonNode contact : proof.path("contacts")) {
      assertThat(contact.path("httpStatus").asInt()).isEqualTo(200);
      assertThat(contact.path("requestId").asText()).matches("[0-9a-f-]{36}");
    }
    assertThat(proof.toString()).doesNotContainIgnoringCase("erin").doesNotContain("ext-");
    // A later search finds nobody: a second request is answered "we hold nothing".
    ProcessOutcome again =
        stack.processes.run(
            "intercom-erasure-request",
            Map.of("email", "erin@example.com"),
            Duration.ofSeconds(60));
    assertThat(again.endEventId()).isEqualTo("NothingHeldSent");
  }

  @Test
  void someoneIntercomDoesNotKnowGetsTheWeHoldNothingAnswer() {
    int sent = stack.journal.outbox().size();
    int before = stack.journal.evidence().size();

    ProcessOutcome outcome =
        stack.processes.run(
            "intercom-erasure-request",
            Map.of("email", "never-heard-of@example.com"),
            Duration.ofSeconds(60));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("NothingHeldSent");
    assertThat(proofsSince(before))
        .singleElement()
        .satisfies(
            r -> assertThat(r.at("/evidence/action").asText()).isEqualTo("nothing_to_erase"));
    List<JsonNode> answers = stack.journal.outbox();
    assertThat(answers.subList(sent, answers.size()))
        .anySatisfy(m -> assertThat(m.path("text").asText()).startsWith("We hold no contact"));
  }

  @Test
  void aDeleteWhoseAnswersWereLostCompletesAsDeletedWhenTheEngineRetries() throws Exception {
    String user = person("e2e-erase-lost", "user", "lost-answer@example.com");
    // Every exchange of the first attempt (the client's own retries included) loses its answer
    // after the deletion is done; the engine's retry then sees 404.
    stack.us.inject(Fault.loseAnswer(3).on("DELETE", "/contacts/" + user));
    String processId =
        stack.deploy(
            stack.variant("processes/erasure-request.bpmn").header("retryBackoff", "PT1S"));

    ProcessOutcome outcome =
        stack.processes.run(
            processId, Map.of("email", "lost-answer@example.com"), Duration.ofSeconds(90));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("ErasureConfirmed");
    assertThat(stack.us.state().hasContact(user)).isFalse();
    @SuppressWarnings("unchecked")
    Map<String, Object> erasure = (Map<String, Object>) outcome.variable("erasure");
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) erasure.get("erasureEvidence");
    assertThat((List<Map<String, Object>>) evidence.get("contacts"))
        .singleElement()
        .satisfies(c -> assertThat(c).containsEntry("id", user).containsEntry("httpStatus", 404));
  }
}
