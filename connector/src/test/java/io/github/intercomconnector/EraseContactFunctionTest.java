/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.TOKEN;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
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

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EraseContactFunctionTest {

  static final String ID = "63a07ddf05a32042dffac965";
  static final String EMAIL = "ada@example.com";
  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private EraseContactFunction function;

  @BeforeEach
  void setUp() {
    function = new EraseContactFunction(Fixtures.service(new RecordingSleeper(clock), clock));
  }

  private Map<String, Object> byId() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", Fixtures.connection(server));
    vars.put("contactId", ID);
    return vars;
  }

  private Map<String, Object> byEmail() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", Fixtures.connection(server));
    vars.put("contactBy", "email");
    vars.put("contactEmail", EMAIL);
    vars.put("whenSeveralContactsMatch", "all");
    vars.put("contactSearchWaitSeconds", 0);
    return vars;
  }

  static MockResponse deleted(String id, String externalId, String requestId) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", requestId)
        .addHeader("Date", "Mon, 07 Dec 2026 10:15:00 GMT")
        .body(
            "{\"type\":\"contact\",\"id\":\""
                + id
                + "\",\"external_id\":\""
                + externalId
                + "\",\"deleted\":true}")
        .build();
  }

  static MockResponse found(String... contacts) {
    return json(
        200,
        "{\"type\":\"list\",\"data\":["
            + String.join(",", contacts)
            + "],\"total_count\":"
            + contacts.length
            + ",\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}}");
  }

  static String contact(String id, String role) {
    return "{\"type\":\"contact\",\"id\":\""
        + id
        + "\",\"role\":\""
        + role
        + "\",\"email\":\""
        + EMAIL
        + "\",\"external_id\":\"cust-1001\"}";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> evidence(Object result) {
    return (Map<String, Object>) Fixtures.asJson(result).get("erasureEvidence");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> erased(Object result) {
    return (List<Map<String, Object>>) evidence(result).get("contacts");
  }

  @Test
  void deletesTheContactAndKeepsItsIdButNoPersonalData() throws Exception {
    server.enqueue(deleted(ID, "cust-1001", "req-del"));
    FakeJob job = new FakeJob(42, 3);

    Object result = function.execute(job.around(Fixtures.context(byId())));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("DELETE");
    assertThat(request.getTarget()).isEqualTo("/contacts/" + ID);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    Map<String, Object> json = Fixtures.asJson(result);
    assertThat(json.get("action")).isEqualTo("deleted");
    assertThat(json.get("contactIds")).isEqualTo(List.of(ID));
    assertThat(erased(result))
        .singleElement()
        .satisfies(c -> {
          assertThat(c.get("id")).isEqualTo(ID);
          assertThat(c.get("foundBy")).isEqualTo("id");
          assertThat(c.get("action")).isEqualTo("deleted");
          assertThat(c.get("httpStatus")).isEqualTo(200);
          assertThat(c.get("requestId")).isEqualTo("req-del");
          assertThat(c.get("at")).isEqualTo("2026-12-07T10:15:00Z");
          assertThat(c.get("clock")).isEqualTo("intercom");
        });
    Map<String, Object> evidence = evidence(result);
    assertThat(evidence.get("task")).isEqualTo("eraseContact");
    assertThat(evidence.get("at")).isEqualTo("2026-12-07T10:15:00Z");
    assertThat(evidence.get("clock")).isEqualTo("intercom");
    assertThat(evidence.get("eraseBy")).isEqualTo("delete");
    assertThat(evidence.get("searchedBy")).isEqualTo("id");
    assertThat(evidence.get("requestIds")).isEqualTo(List.of("req-del"));
    assertThat(evidence.get("legalBasis")).isNull();
    assertThat(evidence.get("madeBy"))
        .isEqualTo(
            Map.of(
                "bpmnProcessId", "test",
                "processDefinitionVersion", 1,
                "processDefinitionKey", "1",
                "processInstanceKey", "1",
                "elementId", "task",
                "elementInstanceKey", "42",
                "jobType", "test",
                "tenantId", "<default>"));
    assertThat(JSON.writeValueAsString(result)).doesNotContain("cust-1001");
  }

  @Test
  void archivesWhenTheFormSaysSo() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"type\":\"contact\",\"id\":\"" + ID + "\",\"external_id\":null,\"archived\":true}"));
    Map<String, Object> vars = byId();
    vars.put("eraseBy", "archive");

    Object result = function.execute(Fixtures.context(vars));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/contacts/" + ID + "/archive");
    assertThat(request.getBodySize()).isZero();
    assertThat(Fixtures.asJson(result).get("action")).isEqualTo("archived");
    assertThat(evidence(result).get("eraseBy")).isEqualTo("archive");
    assertThat(erased(result).get(0).get("action")).isEqualTo("archived");
  }

  @Test
  void everyContactWithTheEmailIsDeletedAndTheEmailIsKeptNowhere() throws Exception {
    server.enqueue(found(contact("c-1", "user"), contact("c-2", "lead")));
    server.enqueue(deleted("c-1", "cust-1001", "r1"));
    server.enqueue(deleted("c-2", "", "r2"));
    Map<String, Object> vars = byEmail();
    vars.put("legalBasis", "legal_obligation");
    vars.put("legalBasisExplanation", "Art. 17 request DSR-2026-0042");

    Object result = function.execute(Fixtures.context(vars));

    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-1");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-2");
    assertThat(Fixtures.asJson(result).get("contactIds")).isEqualTo(List.of("c-1", "c-2"));
    assertThat(erased(result))
        .extracting(c -> c.get("id") + ":" + c.get("role") + ":" + c.get("foundBy"))
        .containsExactly("c-1:user:email", "c-2:lead:email");
    assertThat(evidence(result).get("searchedBy")).isEqualTo("email");
    assertThat(evidence(result).get("legalBasis"))
        .isEqualTo(
            Map.of(
                "basis", "legal_obligation",
                "article", "Art. 6(1)(c)",
                "explanation", "Art. 17 request DSR-2026-0042"));
    String written = JSON.writeValueAsString(result);
    assertThat(written).doesNotContain("example.com").doesNotContain("cust-1001");
  }

  @Test
  void nobodyFoundIsNothingToEraseAndNothingIsSent() throws Exception {
    server.enqueue(found());

    Object result = function.execute(Fixtures.context(byEmail()));

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(Fixtures.asJson(result).get("action")).isEqualTo("nothing_to_erase");
    assertThat(Fixtures.asJson(result).get("contactIds")).isEqualTo(List.of());
    assertThat(evidence(result).get("action")).isEqualTo("nothing_to_erase");
    assertThat(evidence(result).get("clock")).as("no answer had a Date").isEqualTo("connector");
    assertThat(evidence(result).get("at")).isEqualTo(clock.instant().toString());
    assertThat(erased(result)).isEmpty();
    assertThat(JSON.writeValueAsString(result)).doesNotContain("example.com");
  }

  @Test
  void whileTheSearchMayStillLagNothingIsErased() {
    server.enqueue(found());
    Map<String, Object> vars = byEmail();
    vars.put("contactSearchWaitSeconds", 60);

    ConnectorRetryException e =
        catchThrowableOfType(
            ConnectorRetryException.class,
            () -> function.execute(new FakeJob(7, 3).around(Fixtures.context(vars))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_SEARCH_PENDING);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void severalMatchesWithFailChosenEraseNothing() {
    server.enqueue(found(contact("c-1", "user"), contact("c-2", "lead")));
    Map<String, Object> vars = byEmail();
    vars.put("whenSeveralContactsMatch", "fail");

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(Fixtures.context(vars)));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SEVERAL_CONTACTS_MATCH);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anIdIntercomDoesNotKnowFailsAsNotFound() {
    server.enqueue(error(404, "not_found", "User Not Found", "r404"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(Fixtures.context(byId())));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
    assertThat(e.getCause()).isInstanceOf(ConnectorInputException.class);
  }

  @Test
  void aDeleteWhoseAnswerWasLostCompletesWhenItsRetrySees404() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .onRequestStart(new mockwebserver3.SocketEffect.CloseSocket(true, true, true))
            .build());
    server.enqueue(error(404, "not_found", "User Not Found", "r2"));

    Object result = function.execute(Fixtures.context(byId()));

    assertThat(erased(result))
        .singleElement()
        .satisfies(c -> {
          assertThat(c.get("action")).isEqualTo("deleted");
          assertThat(c.get("httpStatus")).isEqualTo(404);
          assertThat(c.get("requestId")).isEqualTo("r2");
          assertThat(c.get("clock")).isEqualTo("connector");
        });
  }

  @Test
  void aPartialFailureSaysWhichWereErasedAndTheRetryErasesOnlyTheRest() throws Exception {
    FakeJob job = new FakeJob(123, 3);
    server.enqueue(found(contact("c-1", "user"), contact("c-2", "lead")));
    server.enqueue(deleted("c-1", "cust-1001", "r1"));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }

    ConnectorException failed =
        catchThrowableOfType(
            ConnectorException.class,
            () -> function.execute(job.around(Fixtures.context(byEmail()))));

    assertThat(failed.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> outcomes =
        (List<Map<String, Object>>) failed.getErrorVariables().get("contacts");
    assertThat(outcomes)
        .extracting(o -> o.get("id") + "=" + o.get("action"))
        .containsExactly("c-1=deleted", "c-2=failed");
    assertThat(failed.getMessage()).doesNotContain(EMAIL);

    // The retry does not search again (c-1 is gone from search), and c-2's DELETE may have
    // arrived: its 404 now confirms it.
    server.enqueue(error(404, "not_found", "User Not Found", "r404"));
    int before = server.getRequestCount();
    Object result = function.execute(job.around(Fixtures.context(byEmail())));

    assertThat(server.getRequestCount() - before).isEqualTo(1);
    for (int i = 0; i < before; i++) {
      server.takeRequest();
    }
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-2");
    assertThat(erased(result))
        .extracting(c -> c.get("id") + "=" + c.get("action") + "/" + c.get("httpStatus"))
        .containsExactly("c-1=deleted/200", "c-2=deleted/404");
    assertThat(Fixtures.asJson(result).get("action")).isEqualTo("deleted");
  }

  @Test
  void anUnreadableSuccessMayHaveErasedSoTheNext404Confirms() throws Exception {
    FakeJob job = new FakeJob(5, 3);
    server.enqueue(json(200, "<html>deleted</html>"));
    ConnectorException first =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(job.around(Fixtures.context(byId()))));
    assertThat(first.getErrorCode()).isEqualTo(ErrorCodes.INVALID_RESPONSE);

    server.enqueue(error(404, "not_found", "User Not Found", "r404"));
    Object result = function.execute(job.around(Fixtures.context(byId())));

    assertThat(erased(result))
        .extracting(c -> c.get("action") + "/" + c.get("httpStatus"))
        .containsExactly("deleted/404");
  }

  @Test
  void aRefusedRequestDidNotEraseSoALater404StillFails() {
    FakeJob job = new FakeJob(6, 3);
    server.enqueue(error(403, "action_forbidden", "Forbidden", "r403"));
    ConnectorException first =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(job.around(Fixtures.context(byId()))));
    assertThat(first.getErrorCode()).isEqualTo(ErrorCodes.FORBIDDEN);

    server.enqueue(error(404, "not_found", "User Not Found", "r404"));
    ConnectorException again =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(job.around(Fixtures.context(byId()))));
    assertThat(again.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
  }

  @Test
  void aContactMergedTwiceIsNotFollowedASecondTime() {
    MockResponse merged =
        new MockResponse.Builder()
            .code(410)
            .addHeader("Content-Type", "application/json")
            .addHeader("Link", "</contacts/c-9>; rel=\"canonical\"")
            .body(
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"merged\"}]}")
            .build();
    server.enqueue(merged);
    server.enqueue(merged);

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(Fixtures.context(byId())));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_MERGED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void a404ForAContactThisJobNeverSentAnErasureForFails() {
    server.enqueue(found(contact("c-1", "user"), contact("c-2", "lead")));
    server.enqueue(deleted("c-1", "cust-1001", "r1"));
    server.enqueue(error(404, "not_found", "User Not Found", "r404"));

    ConnectorException failed =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(Fixtures.context(byEmail())));

    assertThat(failed.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> outcomes =
        (List<Map<String, Object>>) failed.getErrorVariables().get("contacts");
    assertThat(outcomes)
        .extracting(o -> o.get("id") + "=" + o.get("action"))
        .containsExactly("c-1=deleted", "c-2=failed");
  }

  @Test
  void aMergedContactIsFollowedOnceAndNamedByItsIntercomId() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(410)
            .addHeader("Content-Type", "application/json")
            .addHeader("Link", "</contacts/c-9>; rel=\"canonical\"")
            .body(
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"merged\"}]}")
            .build());
    server.enqueue(deleted("c-9", "cust-9", "r9"));

    Object result = function.execute(Fixtures.context(byId()));

    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-9");
    assertThat(erased(result))
        .extracting(c -> c.get("id") + "<" + c.get("mergedFrom"))
        .containsExactly("c-9<" + ID);
  }

  @Test
  void aUserMergedAwayFromItsExternalIdKeepsNoExternalId() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(410)
            .addHeader("Content-Type", "application/json")
            .addHeader("Link", "</contacts/c-9>; rel=\"canonical\"")
            .body(
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"merged\"}]}")
            .build());
    server.enqueue(json(200, contact("c-9", "user")));
    server.enqueue(deleted("c-9", "cust-1001", "r9"));
    Map<String, Object> vars = byId();
    vars.remove("contactId");
    vars.put("contactBy", "external_id");
    vars.put("contactExternalId", "cust-7");
    vars.put("contactRole", "user");

    Object result = function.execute(Fixtures.context(vars));

    assertThat(erased(result))
        .extracting(c -> c.get("id") + "<" + c.get("mergedFrom"))
        .containsExactly("c-9<null");
    assertThat(JSON.writeValueAsString(result)).doesNotContain("cust-");
  }

  @Test
  void badInputOnEveryNewFieldNamesTheFieldAndErasesNothing() {
    Map<String, String> refusals =
        Map.of(
            "eraseBy", "wipe",
            "legalBasis", "gdpr");
    refusals.forEach((field, value) -> {
      Map<String, Object> vars = byId();
      vars.put(field, value);
      assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
          .satisfies(Fixtures::isRefusedInput)
          .hasMessageStartingWith(field + ": must be ");
    });
    Map<String, Object> long_ = byId();
    long_.put("legalBasis", "consent");
    long_.put("legalBasisExplanation", "x".repeat(4001));
    assertThatThrownBy(() -> function.execute(Fixtures.context(long_)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessage("legalBasisExplanation: must be at most 4000 characters");
    Map<String, Object> alone = byId();
    alone.put("legalBasisExplanation", "because");
    assertThatThrownBy(() -> function.execute(Fixtures.context(alone)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessageStartingWith("legalBasisExplanation: is kept only with a legal basis");
    for (String id : List.of("..", ".", " ")) {
      Map<String, Object> vars = byId();
      vars.put("contactId", id);
      assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
          .satisfies(Fixtures::isRefusedInput)
          .hasMessageStartingWith("contactId: ");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void notRecordedIsNoLegalBasis() throws Exception {
    server.enqueue(deleted(ID, "x", "r"));
    Map<String, Object> vars = byId();
    vars.put("legalBasis", "none");

    Object result = function.execute(Fixtures.context(vars));

    assertThat(evidence(result).get("legalBasis")).isNull();
  }
}
