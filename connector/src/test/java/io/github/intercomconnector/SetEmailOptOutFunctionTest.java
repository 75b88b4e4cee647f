/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.testing.ContactJson;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Set email opt-out": a yes or no to email at all, Intercom's unsubscribed_from_emails. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SetEmailOptOutFunctionTest {

  static final String ID = "63a07ddf05a32042dffac965";
  static final String EMAIL = "ada@example.com";
  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private SetEmailOptOutFunction function;

  @BeforeEach
  void setUp() {
    function = new SetEmailOptOutFunction(Fixtures.service(new RecordingSleeper(clock), clock));
  }

  private Map<String, Object> byId(Object agrees) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", Fixtures.connection(server));
    vars.put("contactId", ID);
    vars.put("contactAgrees", agrees);
    return vars;
  }

  static String contact(String id, String role, boolean unsubscribed) {
    return "{\"type\":\"contact\",\"id\":\""
        + id
        + "\",\"role\":\""
        + role
        + "\",\"email\":\""
        + EMAIL
        + "\",\"name\":\"Ada Lovelace\",\"external_id\":\"cust-1001\","
        + "\"unsubscribed_from_emails\":"
        + unsubscribed
        + "}";
  }

  static MockResponse written(String id, boolean unsubscribed, String requestId) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", requestId)
        .addHeader("Date", "Mon, 07 Dec 2026 10:15:00 GMT")
        .body(contact(id, "user", unsubscribed))
        .build();
  }

  private List<String> calls() throws InterruptedException {
    List<String> all = new ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest r = server.takeRequest();
      String body = r.getBody() == null ? "" : r.getBody().utf8();
      all.add(r.getMethod() + " " + r.getTarget() + (body.isEmpty() ? "" : " " + body));
    }
    return all;
  }

  @ParameterizedTest(name = "agrees {0}, flag before {1}: {2}")
  @CsvSource({"false, false, unsubscribed, true", "true, true, resubscribed, false"})
  void aNoSetsTheFlagAndAYesClearsIt(boolean agrees, boolean before, String action, boolean after)
      throws Exception {
    server.enqueue(json(200, contact(ID, "user", before)));
    server.enqueue(written(ID, after, "req-put"));
    FakeJob job = new FakeJob(42, 3);

    Object result = function.execute(job.around(Fixtures.context(byId(agrees))));

    assertThat(calls())
        .containsExactly(
            "GET /contacts/" + ID,
            "PUT /contacts/" + ID + " {\"unsubscribed_from_emails\":" + after + "}");
    Map<String, Object> json = Fixtures.asJson(result);
    assertThat(json).containsOnlyKeys("unsubscribedFromEmails", "consentEvidence");
    assertThat(json.get("unsubscribedFromEmails")).isEqualTo(after);
    Map<String, Object> evidence = Fixtures.evidence(result);
    assertThat(evidence)
        .containsEntry("task", "setEmailOptOut")
        .containsEntry("action", action)
        .containsEntry("receives", after ? false : null)
        .containsEntry("requestIds", List.of("req-put"))
        .containsEntry("at", "2026-12-07T10:15:00Z")
        .containsEntry("clock", "intercom")
        .containsEntry("legalBasis", null)
        .doesNotContainKey("subscriptionType");
    assertThat(evidence.get("madeBy")).asString().contains("elementInstanceKey=42");
    assertThat(Fixtures.contactsUsed(result)).containsExactly(entry(ID, "user", action, before));
    assertThat(Fixtures.receives(result))
        .as("a cleared flag is no proof that any email reaches the person")
        .containsExactly(after ? false : null);
    assertThat(JSON.writeValueAsString(result))
        .as("Intercom's answer (email, name, external id) is not kept")
        .doesNotContain(EMAIL)
        .doesNotContain("Ada")
        .doesNotContain("cust-1001");
  }

  @Test
  void aContactMergedBeforeTheWriteIsFollowedOnce() throws Exception {
    server.enqueue(json(200, contact(ID, "user", false)));
    server.enqueue(ContactJson.merged("c-9", "Contact was merged"));
    server.enqueue(written("c-9", true, "req-put"));

    Object result = function.execute(Fixtures.context(byId(false)));

    assertThat(calls())
        .containsExactly(
            "GET /contacts/" + ID,
            "PUT /contacts/" + ID + " {\"unsubscribed_from_emails\":true}",
            "PUT /contacts/c-9 {\"unsubscribed_from_emails\":true}");
    assertThat(Fixtures.contactsUsed(result))
        .singleElement()
        .satisfies(c -> assertThat(c).containsEntry("id", "c-9").containsEntry("mergedFrom", ID));
    assertThat(Fixtures.asJson(result)).containsEntry("unsubscribedFromEmails", true);
  }

  @Test
  void alreadyAsWantedNothingIsWritten() throws Exception {
    server.enqueue(json(200, contact(ID, "user", true)));

    Object result = function.execute(Fixtures.context(byId(false)));

    assertThat(calls()).containsExactly("GET /contacts/" + ID);
    assertThat(Fixtures.asJson(result).get("unsubscribedFromEmails")).isEqualTo(true);
    assertThat(Fixtures.evidence(result))
        .containsEntry("action", "unchanged")
        .containsEntry("receives", false)
        .containsEntry("clock", "connector")
        .containsEntry("at", clock.instant().toString());
    assertThat(Fixtures.contactsUsed(result)).containsExactly(entry(ID, "user", "unchanged", true));
  }

  @Test
  void aYesToAContactNotOptedOutWritesNothingAndGuessesNothing() throws Exception {
    server.enqueue(json(200, contact(ID, "user", false)));

    Object result = function.execute(Fixtures.context(byId(true)));

    assertThat(calls()).containsExactly("GET /contacts/" + ID);
    assertThat(Fixtures.asJson(result).get("unsubscribedFromEmails")).isEqualTo(false);
    assertThat(Fixtures.evidence(result)).containsEntry("action", "unchanged");
    assertThat(Fixtures.evidence(result).get("receives")).isNull();
    assertThat(Fixtures.receives(result)).containsExactly((Object) null);
  }

  @Test
  void aRetryAfterALostAnswerReportsWhatTheEarlierAttemptDid() throws Exception {
    FakeJob job = new FakeJob(77, 3);
    server.enqueue(json(200, contact(ID, "user", false)));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    ConnectorException lost =
        catchThrowableOfType(
            ConnectorException.class,
            () -> function.execute(job.around(Fixtures.context(byId(false)))));
    assertThat(lost.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    // Intercom did set it; the retry finds the wanted state
    server.enqueue(json(200, contact(ID, "user", true)));

    Object result = function.execute(job.around(Fixtures.context(byId(false))));

    assertThat(Fixtures.evidence(result))
        .containsEntry("action", "unsubscribed")
        .containsEntry("receives", false);
    assertThat(Fixtures.contactsUsed(result))
        .as("the flag before the lost write, not the one it left")
        .containsExactly(entry(ID, "user", "unsubscribed", false));
    assertThat(calls()).as("no second write").filteredOn(c -> c.startsWith("PUT")).hasSize(3);
  }

  @Test
  void everyContactWithTheEmailAndMixedWhenTheyDiffered() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"type\":\"list\",\"data\":["
                + contact("c-1", "user", false)
                + ","
                + contact("c-2", "lead", true)
                + "],\"total_count\":2,"
                + "\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}}"));
    server.enqueue(json(200, contact("c-1", "user", false)));
    server.enqueue(written("c-1", true, "req-1"));
    server.enqueue(json(200, contact("c-2", "lead", true)));
    Map<String, Object> vars = byId(false);
    vars.remove("contactId");
    vars.put("contactBy", "email");
    vars.put("contactEmail", EMAIL);
    vars.put("whenSeveralContactsMatch", "all");
    vars.put("contactSearchWaitSeconds", 0);
    vars.put("legalBasis", "consent");
    vars.put("consentWording", "no-email-at-all-v1");

    Object result = function.execute(Fixtures.context(vars));

    List<String> calls = calls();
    assertThat(calls.get(0)).startsWith("POST /contacts/search");
    assertThat(calls.subList(1, calls.size()))
        .containsExactly(
            "GET /contacts/c-1",
            "PUT /contacts/c-1 {\"unsubscribed_from_emails\":true}",
            "GET /contacts/c-2");
    assertThat(Fixtures.asJson(result).get("unsubscribedFromEmails")).isEqualTo(true);
    Map<String, Object> evidence = Fixtures.evidence(result);
    assertThat(evidence)
        .containsEntry("action", "mixed")
        .containsEntry("receives", false)
        .containsEntry("requestIds", List.of("req-1"));
    assertThat(evidence.get("legalBasis").toString()).contains("basis=consent");
    assertThat(evidence.get("answer").toString()).contains("wording=no-email-at-all-v1");
    assertThat(Fixtures.contactsUsed(result))
        .extracting(
            c -> c.get("id") + ":" + c.get("action") + ":" + c.get("unsubscribedFromEmails"))
        .containsExactly("c-1:unsubscribed:false", "c-2:unchanged:true");
  }

  @Test
  void aMissingContactFailsAsTheOtherTasksDoAndNothingIsWritten() throws Exception {
    server.enqueue(error(404, "not_found", "User Not Found", "req-404"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(Fixtures.context(byId(false))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
    assertThat(calls()).containsExactly("GET /contacts/" + ID);
  }

  @Test
  void intercomRefusingTheChangeIsAnInvalidRequest() throws Exception {
    server.enqueue(json(200, contact(ID, "user", false)));
    server.enqueue(error(422, "parameter_invalid", "unsubscribed_from_emails is invalid", "r"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(Fixtures.context(byId(false))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
    assertThat(e.getMessage()).contains("PUT /contacts/{contact_id}");
  }

  @Test
  void badInputOnEveryFieldNamesTheFieldAndWritesNothing() {
    assertThat(Fixtures.refusedInput(() -> function.execute(Fixtures.context(byId(null)))))
        .hasMessage("contactAgrees: must be true or false (the person's answer), got nothing");
    for (Object answer : List.of("false", "no", 0, List.of(false), Map.of("agrees", false))) {
      assertThat(Fixtures.refusedInput(() -> function.execute(Fixtures.context(byId(answer)))))
          .hasMessageStartingWith("contactAgrees: expected true or false, got ");
    }
    Map<String, String> refusals =
        Map.of(
            "legalBasis", "gdpr",
            "consentAnsweredAt", "yesterday",
            "contactBy", "name",
            "contactId", "..",
            "consentWording", "x".repeat(4001));
    refusals.forEach((field, value) -> {
      Map<String, Object> vars = byId(false);
      vars.put(field, value);
      assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
          .satisfies(Fixtures::isRefusedInput)
          .hasMessageStartingWith(field + ": ");
    });
    Map<String, Object> alone = byId(false);
    alone.put("legalBasisExplanation", "because");
    assertThatThrownBy(() -> function.execute(Fixtures.context(alone)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessageStartingWith("legalBasisExplanation: is kept only with a legal basis");
    assertThat(server.getRequestCount()).isZero();
  }

  /** The evidence's entry for a contact found by id: its action and its flag before. */
  static Map<String, Object> entry(String id, String role, String action, boolean before) {
    Map<String, Object> entry = Fixtures.contact(id, role, "id", null, action);
    entry.put("unsubscribedFromEmails", before);
    return entry;
  }
}
