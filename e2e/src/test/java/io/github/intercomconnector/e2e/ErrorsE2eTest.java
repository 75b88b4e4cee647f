/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every documented error code reaches the process: as a BPMN error through the error expression, or
 * as an incident with a clear message when nothing catches it; bad input is never retried.
 */
@Order(3)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ErrorsE2eTest {

  // The runtime evaluates the error expression after successful calls too: then error is null.
  static final String CATCH_EVERYTHING =
      "=if error = null then null else bpmnError(\"INTERCOM_CONTACT_NOT_FOUND\", error.message,"
          + " {caughtCode: error.code, caughtStatus: error.variables.httpStatus})";

  final E2eStack stack = E2eStack.get();

  /**
   * The version 1 GDPR diagram against the faulty sandbox, mapping every error to its BPMN error.
   */
  private String catchingProcess(String baseUrlSecret, String tokenSecret) {
    return stack.deploy(
        stack
            .variant(E2eStack.GDPR_BY_ID)
            .input("connection.baseUrl", "{{secrets." + baseUrlSecret + "}}")
            .input("connection.accessToken", "{{secrets." + tokenSecret + "}}")
            .header("errorExpression", CATCH_EVERYTHING));
  }

  private ProcessOutcome attachThrough(String processId, String contactId, String typeId) {
    return stack.processes.run(
        processId,
        Map.of("contactId", contactId, "subscriptionTypeId", typeId, "consentGiven", true),
        Duration.ofSeconds(60));
  }

  private void assertCaught(ProcessOutcome outcome, String code) {
    assertThat(outcome.incidents()).as(code).isEmpty();
    assertThat(outcome.endEventId()).as(code).isEqualTo("UnknownContact");
    // bpmnError(..., variables) sets them on the catching boundary event
    assertThat(outcome.localVariables().get("caughtCode")).as(code).isEqualTo(code);
  }

  @Test
  void everyErrorCodeReachesTheErrorExpression() {
    String faulty = catchingProcess("INTERCOM_FAULTY_URL", "INTERCOM_ACCESS_TOKEN");
    String wrongToken = catchingProcess("INTERCOM_FAULTY_URL", "INTERCOM_WRONG_TOKEN");
    String strict = catchingProcess("INTERCOM_STRICT_URL", "INTERCOM_ACCESS_TOKEN");

    assertCaught(attachThrough(wrongToken, ADA, "110"), "INTERCOM_UNAUTHORIZED");
    assertCaught(attachThrough(faulty, "unknown-contact", "110"), "INTERCOM_NOT_FOUND");
    assertCaught(attachThrough(faulty, " ", "110"), "INTERCOM_INVALID_INPUT"); // no call made
    assertCaught(
        attachThrough(faulty, ADA, "112"), "INTERCOM_INVALID_REQUEST"); // opt_in to an opt-out type

    record Played(Fault fault, String code) {}
    for (Played p :
        new Played[] {
          new Played(Fault.status(403, 1), "INTERCOM_FORBIDDEN"),
          new Played(Fault.status(409, 1), "INTERCOM_CONFLICT"),
          new Played(Fault.status(410, 1), "INTERCOM_CONTACT_MERGED"),
          new Played(Fault.status(422, 1), "INTERCOM_INVALID_REQUEST"),
          new Played(Fault.status(503, 3), "INTERCOM_UNAVAILABLE"),
          new Played(Fault.dropConnection(3), "INTERCOM_NETWORK_ERROR"),
          new Played(Fault.malformedJson(200, 1), "INTERCOM_INVALID_RESPONSE")
        }) {
      stack.faulty.inject(p.fault());
      assertCaught(attachThrough(faulty, ADA, "110"), p.code());
      stack.faulty.clearFaults();
    }

    // One call per (very long) window: the second would wait far longer than a worker may, so
    // the job is handed back (ConnectorRetryException) and the error expression sees the limit.
    ProcessOutcome first = attachThrough(strict, ADA, "110");
    assertThat(first.endEventId()).as(first.toString()).isEqualTo("ConsentRecorded");
    assertCaught(attachThrough(strict, ADA, "110"), "INTERCOM_RATE_LIMITED");
  }

  @Test
  void anUncaughtRefusalIsAnIncidentAtOnce() {
    int before = stack.us.journal().size();

    ProcessOutcome outcome =
        stack.processes.run(
            E2eStack.ONBOARDING_BY_ID_PROCESS,
            Map.of("contactId", "ghost-contact", "newsletterSubscriptionTypeId", 108),
            Duration.ofSeconds(30));

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.incidents()).hasSize(1);
    ProcessOutcome.Incident incident = outcome.incidents().get(0);
    assertThat(incident.elementId()).isEqualTo("OptInToNewsletter");
    assertThat(incident.errorMessage())
        .contains("INTERCOM_NOT_FOUND")
        .contains("HTTP 404")
        .contains("not_found: User Not Found")
        .contains("POST /contacts/{contact_id}/subscriptions")
        .contains("request_id");
    // Not retried: the task has 3 retries, but Intercom was asked exactly once.
    assertThat(stack.us.journal().size() - before).isEqualTo(1);
  }

  @Test
  void badInputIsAnIncidentWithoutAnyCall() {
    int before = stack.us.journal().size();

    ProcessOutcome outcome =
        stack.processes.run(
            E2eStack.ONBOARDING_BY_ID_PROCESS,
            Map.of("contactId", " ", "newsletterSubscriptionTypeId", 108),
            Duration.ofSeconds(30));

    assertThat(outcome.incidents()).hasSize(1);
    assertThat(outcome.incidents().get(0).errorMessage())
        .contains("contactId")
        .contains("must be the Intercom id of a contact");
    assertThat(stack.us.journal().size()).isEqualTo(before);
  }
}
