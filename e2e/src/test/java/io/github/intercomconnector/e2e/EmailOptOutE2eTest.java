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
 * "Set email opt-out" in the withdraw-everything example, on the real engine and runtime against
 * the US sandbox: with {@code noEmailAtAll}, every contact of the person gets Intercom's global
 * email opt-out and the evidence joins the others in the journal; without it, the flag is left; a
 * write whose answers were lost completes, retried by the engine, as the change it made. Its people
 * are added for it, so that the shared workspace keeps the others' contacts.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmailOptOutE2eTest {

  static final ObjectMapper JSON = new ObjectMapper();

  final E2eStack stack = E2eStack.get();

  private String person(String id, String role, String email) throws Exception {
    return stack
        .us
        .state()
        .addContact(
            JSON.readTree(
                "{\"id\":\""
                    + id
                    + "\",\"role\":\""
                    + role
                    + "\",\"email\":\""
                    + email
                    + "\",\"subscriptions\":{\"108\":\"opt_in\"}}"));
  }

  private boolean optedOut(String id) {
    return stack.us.state().contact(id).path("unsubscribed_from_emails").asBoolean();
  }

  private List<JsonNode> keptSince(int before) {
    List<JsonNode> kept = stack.journal.evidence();
    return kept.subList(before, kept.size()).stream()
        .filter(r -> "intercom-withdraw-everything".equals(r.path("process").asText()))
        .toList();
  }

  @Test
  void noEmailAtAllSetsTheGlobalOptOutOfEveryContactAndKeepsItsEvidence() throws Exception {
    String user = person("e2e-optout-user", "user", "olga@example.com");
    String lead = person("e2e-optout-lead", "lead", "Olga@Example.com");
    int before = stack.journal.evidence().size();

    ProcessOutcome outcome =
        stack.processes.run(
            "intercom-withdraw-everything",
            Map.of(
                "email", "olga@example.com",
                "noEmailAtAll", true,
                "consentSource", "privacy-request-form"),
            Duration.ofSeconds(60));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("EverythingWithdrawn");
    assertThat(optedOut(user)).isTrue();
    assertThat(optedOut(lead)).isTrue();
    assertThat(stack.us.state().consents(user))
        .as("the newsletter removed, marketing emails declined")
        .isEqualTo(Map.of("112", "opt_out"));
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) outcome.variable("emailOptOut");
    assertThat(result).containsOnlyKeys("unsubscribedFromEmails", "consentEvidence");
    assertThat(result.get("unsubscribedFromEmails")).isEqualTo(true);

    List<JsonNode> kept = keptSince(before);
    assertThat(kept).hasSize(1);
    JsonNode evidence = kept.get(0).path("evidence");
    JsonNode optOut = evidence.get(evidence.size() - 1);
    assertThat(optOut.path("task").asText()).isEqualTo("setEmailOptOut");
    assertThat(optOut.path("action").asText()).isEqualTo("unsubscribed");
    assertThat(optOut.path("receives").asBoolean(true)).isFalse();
    assertThat(optOut.at("/answer/source").asText()).isEqualTo("privacy-request-form");
    assertThat(optOut.at("/madeBy/elementId").asText()).isEqualTo("StopAllEmail");
    assertThat(optOut.at("/madeBy/jobType").asText())
        .isEqualTo("io.github.intercomconnector:set-email-opt-out:1");
    assertThat(optOut.path("contacts"))
        .extracting(c -> c.path("id").asText() + ":" + c.path("action").asText())
        .containsExactlyInAnyOrder(user + ":unsubscribed", lead + ":unsubscribed");
    assertThat(optOut.path("requestIds")).allSatisfy(id -> assertThat(id.asText()).isNotBlank());
    assertThat(kept.get(0).toString()).doesNotContainIgnoringCase("olga@");
  }

  @Test
  void withoutNoEmailAtAllTheFlagIsLeftAlone() throws Exception {
    String user = person("e2e-optout-keep", "user", "kept-email@example.com");

    ProcessOutcome outcome =
        stack.processes.run(
            "intercom-withdraw-everything",
            Map.of("email", "kept-email@example.com"),
            Duration.ofSeconds(60));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("EverythingWithdrawn");
    assertThat(optedOut(user)).isFalse();
    assertThat(outcome.variables()).doesNotContainKey("emailOptOut");
    assertThat(
            stack.us.journal().stream()
                .filter(r -> r.method().equals("PUT"))
                .filter(r -> r.rawPath().contains(user)))
        .isEmpty();
  }

  @Test
  void aWriteWhoseAnswersWereLostCompletesAsTheChangeItMadeWhenTheEngineRetries() throws Exception {
    String user = person("e2e-optout-lost", "user", "lost-optout@example.com");
    // Every exchange of the first attempt (the client's own retries included) loses its answer
    // after the flag is set; the engine's retry then finds it set.
    stack.us.inject(Fault.loseAnswer(3).on("PUT", "/contacts/" + user));
    String processId =
        stack.deploy(
            stack.variant("processes/withdraw-everything.bpmn").header("retryBackoff", "PT1S"));

    ProcessOutcome outcome =
        stack.processes.run(
            processId,
            Map.of("email", "lost-optout@example.com", "noEmailAtAll", true),
            Duration.ofSeconds(90));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("EverythingWithdrawn");
    assertThat(optedOut(user)).isTrue();
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) outcome.variable("emailOptOut");
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) result.get("consentEvidence");
    assertThat(evidence).containsEntry("action", "unsubscribed");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> contacts = (List<Map<String, Object>>) evidence.get("contacts");
    assertThat(contacts)
        .singleElement()
        .satisfies(c ->
            assertThat(c)
                .containsEntry("id", user)
                .containsEntry("action", "unsubscribed")
                .as("the flag before the lost write")
                .containsEntry("unsubscribedFromEmails", false));
  }
}
