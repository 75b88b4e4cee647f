/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static io.github.intercomconnector.testing.SubscriptionTypeJson.attached;
import static io.github.intercomconnector.testing.SubscriptionTypeJson.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.SubscriptionTypeJson;
import io.github.intercomconnector.testing.TestClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** "Set consent" from a yes or no, and "Get consent" for a person's whole picture. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConsentTasksTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String CONTACT = "c-1";

  static final String TYPES =
      SubscriptionTypeJson.list(
          type("108").name("Newsletters"),
          type("110").name("Product updates").contentTypes("email", "sms_message"),
          type("112").optOut().name("Marketing emails"),
          type("114").state("draft").name("Beta program"));

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final SetConsentFunction set = new SetConsentFunction(service);
  private final GetConsentFunction get = new GetConsentFunction(service);

  private static MockResponse answer(String body, String requestId) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", requestId)
        .addHeader("Date", "Sun, 22 Nov 2026 10:00:07 GMT")
        .body(body)
        .build();
  }

  private static String contact(boolean unsubscribed) {
    return "{\"type\":\"contact\",\"id\":\""
        + CONTACT
        + "\",\"role\":\"user\","
        + "\"email\":\"ada@example.com\",\"unsubscribed_from_emails\":"
        + unsubscribed
        + "}";
  }

  private static String model(String id, String consentType) {
    return type(id).consentType(consentType).json();
  }

  private Map<String, Object> setVariables(String typeId, Object agrees) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", Fixtures.connection(server));
    vars.put("contactId", CONTACT);
    vars.put("subscriptionTypeId", typeId);
    vars.put("contactAgrees", agrees);
    return vars;
  }

  private List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      all.add(server.takeRequest());
    }
    return all;
  }

  private static List<String> calls(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.getMethod() + " " + r.getTarget()).toList();
  }

  @ParameterizedTest(name = "{0} type, agrees {1}: {4}")
  @CsvSource({
    "108, true,  opt_in,  '',    attached, POST, true",
    "108, false, opt_in,  '108', detached, DELETE, false",
    "112, true,  opt_out, '112', detached, DELETE, true",
    "112, false, opt_out, '',    attached, POST, false"
  })
  void theAnswerBecomesWhatTheConsentModelNeeds(
      String typeId,
      boolean agrees,
      String consentType,
      String attachedBefore,
      String action,
      String write,
      boolean receives)
      throws Exception {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, contact(false)));
    server.enqueue(json(200, attachedBefore.isEmpty() ? attached() : attached(attachedBefore)));
    server.enqueue(answer(model(typeId, consentType), "req-write"));

    Object result = set.execute(Fixtures.context(setVariables(typeId, agrees)));

    List<String> calls = calls(requests());
    assertThat(calls.subList(0, 3))
        .containsExactly(
            "GET /subscription_types",
            "GET /contacts/" + CONTACT,
            "GET /contacts/" + CONTACT + "/subscriptions");
    assertThat(calls.get(3))
        .isEqualTo(
            write.equals("POST")
                ? "POST /contacts/" + CONTACT + "/subscriptions"
                : "DELETE /contacts/" + CONTACT + "/subscriptions/" + typeId);
    assertThat(Fixtures.model(result))
        .containsEntry("id", typeId)
        .containsEntry("consent_type", consentType);
    Map<String, Object> evidence = Fixtures.evidence(result);
    assertThat(evidence)
        .containsEntry("task", "setConsent")
        .containsEntry("action", action)
        .containsEntry("consentTypeSent", write.equals("POST") ? consentType : null)
        .containsEntry("receives", receives)
        .containsEntry("at", "2026-11-22T10:00:07Z")
        .containsEntry("clock", "intercom")
        .containsEntry("requestIds", List.of("req-write"))
        .containsEntry("intercomVersion", "2.16")
        .containsEntry("intercomHost", server.getHostName());
    Map<String, Object> contact = Fixtures.contactsUsed(result).get(0);
    assertThat(contact)
        .containsEntry("id", CONTACT)
        .containsEntry("role", "user")
        .containsEntry("action", action)
        .containsEntry("receivesBefore", !receives)
        .containsEntry("attachedBefore", !attachedBefore.isEmpty())
        .containsEntry("attachedAfter", attachedBefore.isEmpty())
        .containsEntry("unsubscribedFromEmails", false);
    assertThat(Fixtures.receives(result)).as("the contact's own entry").containsExactly(receives);
  }

  @Test
  void alreadyInTheWantedStateNothingIsWritten() throws Exception {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, contact(true)));
    server.enqueue(json(200, attached("108")));

    Object result = set.execute(Fixtures.context(setVariables("108", true)));

    assertThat(calls(requests())).noneMatch(c -> c.startsWith("POST") || c.startsWith("DELETE"));
    assertThat(Fixtures.evidence(result))
        .containsEntry("action", "unchanged")
        .containsEntry("receives", true)
        .containsEntry("consentTypeSent", null)
        .containsEntry("clock", "connector")
        .containsEntry("at", clock.instant().toString());
    assertThat(Fixtures.contactsUsed(result).get(0))
        .as("the global email opt-out is reported, not touched")
        .containsEntry("unsubscribedFromEmails", true);
  }

  @Test
  void aRetryAfterALostAnswerReportsWhatTheEarlierAttemptDid() throws Exception {
    FakeJob job = new FakeJob(77, 3);
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, contact(false)));
    server.enqueue(json(200, attached()));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    ConnectorException lost =
        catchThrowableOfType(
            ConnectorException.class,
            () -> set.execute(job.around(Fixtures.context(setVariables("108", true)))));
    assertThat(lost.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    // Intercom did attach it; the retry finds the wanted state
    server.enqueue(json(200, contact(false)));
    server.enqueue(json(200, attached("108")));

    Object result = set.execute(job.around(Fixtures.context(setVariables("108", true))));

    assertThat(Fixtures.evidence(result))
        .containsEntry("action", "attached")
        .containsEntry("receives", true);
    assertThat(Fixtures.contactsUsed(result).get(0))
        .as("the state before the lost write, not the state it left")
        .containsEntry("attachedBefore", false)
        .containsEntry("receivesBefore", false)
        .containsEntry("attachedAfter", true);
    assertThat(server.getRequestCount()).as("no second write").isEqualTo(8);
  }

  @Test
  void aTypeThatIsNotLiveOrUnknownIsRefused() {
    server.enqueue(json(200, TYPES));
    ConnectorException draft =
        catchThrowableOfType(
            ConnectorException.class,
            () -> set.execute(Fixtures.context(setVariables("114", true))));
    assertThat(draft.getErrorCode()).isEqualTo(ErrorCodes.SUBSCRIPTION_TYPE_NOT_LIVE);
    assertThat(draft.getMessage()).contains("114 ('Beta program') is draft");

    server.enqueue(json(200, TYPES));
    ConnectorException unknown =
        catchThrowableOfType(
            ConnectorException.class,
            () -> set.execute(Fixtures.context(setVariables("999", true))));
    assertThat(unknown.getErrorCode()).isEqualTo(ErrorCodes.SUBSCRIPTION_TYPE_NOT_FOUND);
    assertThat(unknown.getErrorVariables()).containsEntry("subscriptionTypeId", "999");
    assertThat(unknown.getMessage())
        .contains(
            "no subscription type has the id '999'; the workspace's live types are: Newsletters,"
                + " Product updates, Marketing emails");
  }

  @Test
  void anAnswerIsRequired() {
    assertThat(
            Fixtures.refusedInput(() -> set.execute(Fixtures.context(setVariables("108", null)))))
        .hasMessage("contactAgrees: must be true or false (the person's answer), got nothing");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theEvidenceKeepsWhatThePersonWasShownWhereAndWhenTheyAnswered() throws Exception {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, contact(false)));
    server.enqueue(json(200, attached()));
    server.enqueue(answer(model("108", "opt_in"), "req-write"));
    Map<String, Object> vars = setVariables("108", true);
    vars.put("consentWording", "newsletter-consent-v3");
    vars.put("consentSource", "https://example.com/preferences");
    vars.put("consentAnsweredAt", "2026-11-22T11:59:30+02:00");

    Object result = set.execute(Fixtures.context(vars));

    Map<String, Object> evidence = Fixtures.evidence(result);
    assertThat((Map<String, Object>) evidence.get("answer"))
        .containsExactly(
            Map.entry("wording", "newsletter-consent-v3"),
            Map.entry("source", "https://example.com/preferences"),
            Map.entry("answeredAt", "2026-11-22T09:59:30Z"));
    assertThat(evidence).containsEntry("at", "2026-11-22T10:00:07Z");
  }

  @Test
  @SuppressWarnings("unchecked")
  void withoutThemTheEvidenceSaysSo() throws Exception {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, contact(false)));
    server.enqueue(json(200, attached()));
    server.enqueue(answer(model("108", "opt_in"), "req-write"));

    Object result = set.execute(Fixtures.context(setVariables("108", true)));

    Map<String, Object> answer = (Map<String, Object>) Fixtures.evidence(result).get("answer");
    assertThat(answer).containsOnlyKeys("wording", "source", "answeredAt");
    assertThat(answer.values()).containsOnlyNulls();
  }

  @ParameterizedTest
  @CsvSource({"2026-11-22T11:59:30", "yesterday", "22.11.2026 11:59"})
  void anAnswerTimeWithoutAnOffsetIsRefusedWithoutACall(String at) {
    Map<String, Object> vars = setVariables("108", true);
    vars.put("consentAnsweredAt", at);
    assertThat(Fixtures.refusedInput(() -> set.execute(Fixtures.context(vars))))
        .hasMessage(
            "consentAnsweredAt: must be a date and time with its offset (ISO 8601, e.g."
                + " 2026-12-06T10:15:00Z), got '"
                + at
                + "'");
    assertThat(server.getRequestCount()).isZero();
  }

  /** Consent is an unambiguous indication: only a boolean is an answer. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("answersThatAreNotABoolean")
  void anAnswerThatIsNotABooleanIsRefusedWithoutACall(Object answer, String shown) {
    assertThat(
            Fixtures.refusedInput(() -> set.execute(Fixtures.context(setVariables("108", answer)))))
        .hasMessage("contactAgrees: expected true or false, got " + shown);
    assertThat(server.getRequestCount()).isZero();
  }

  static Stream<Arguments> answersThatAreNotABoolean() {
    return Stream.of(
        Arguments.of("true", "the text \"true\""),
        Arguments.of("yes", "the text \"yes\""),
        Arguments.of(1, "the number 1"),
        Arguments.of(0, "the number 0"),
        Arguments.of(List.of(true), "a list"),
        Arguments.of(Map.of("agrees", true), "an object"));
  }

  // ---------------------------------------------------------------- get consent

  private Map<String, Object> getVariables(Object filter, String contentType) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", Fixtures.connection(server));
    vars.put("contactId", CONTACT);
    vars.put("subscriptionTypes", filter);
    vars.put("contentType", contentType);
    return vars;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> subscriptions(Object result) {
    Map<String, Object> picture =
        ((List<Map<String, Object>>) Fixtures.asJson(result).get("contacts")).get(0);
    return (List<Map<String, Object>>) picture.get("subscriptions");
  }

  private static Map<String, Object> entry(
      String id,
      String name,
      String consentType,
      List<String> kinds,
      boolean attached,
      boolean receives,
      boolean email,
      boolean sms) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", id);
    e.put("name", name);
    e.put("consentType", consentType);
    e.put("contentTypes", kinds);
    e.put("attached", attached);
    e.put("receives", receives);
    e.put("receivesEmail", email);
    e.put("receivesSms", sms);
    return e;
  }

  @Test
  void everyLiveTypeWithWhetherTheContactReceivesIt() throws Exception {
    server.enqueue(json(200, TYPES));
    server.enqueue(answer(contact(false), "req-contact"));
    server.enqueue(answer(attached("110", "112"), "req-subscriptions"));

    Object result = get.execute(Fixtures.context(getVariables(null, null)));

    assertThat(subscriptions(result))
        .containsExactly(
            entry("108", "Newsletters", "opt_in", List.of("email"), false, false, false, false),
            entry(
                "110",
                "Product updates",
                "opt_in",
                List.of("email", "sms_message"),
                true,
                true,
                true,
                true),
            entry(
                "112", "Marketing emails", "opt_out", List.of("email"), true, false, false, false));
    @SuppressWarnings("unchecked")
    Map<String, Object> picture =
        ((List<Map<String, Object>>) Fixtures.asJson(result).get("contacts")).get(0);
    assertThat(picture)
        .containsEntry("id", CONTACT)
        .containsEntry("role", "user")
        .containsEntry("unsubscribedFromEmails", false);
    assertThat(Fixtures.evidence(result))
        .containsEntry("task", "getConsent")
        .containsEntry("action", "read")
        .containsEntry("subscriptionTypes", List.of("108", "110", "112"))
        .containsEntry("requestIds", List.of("req-contact", "req-subscriptions"))
        .containsEntry("clock", "intercom");
    assertThat(calls(requests())).noneMatch(c -> c.startsWith("POST") || c.startsWith("DELETE"));
  }

  @Test
  void theGlobalEmailOptOutStopsEveryEmailButNotSms() {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, contact(true)));
    server.enqueue(json(200, attached("110")));

    Object result = get.execute(Fixtures.context(getVariables(null, null)));

    assertThat(subscriptions(result).get(1))
        .containsEntry("receives", true)
        .containsEntry("receivesEmail", false)
        .containsEntry("receivesSms", true);
    assertThat(subscriptions(result).get(2))
        .as("an opt-out type at its default")
        .containsEntry("attached", false)
        .containsEntry("receives", true)
        .containsEntry("receivesEmail", false);
  }

  @Test
  void filtersByIdsOrNamesAndByKindOfMessage() {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, contact(false)));
    server.enqueue(json(200, attached()));
    Object byList =
        get.execute(Fixtures.context(getVariables(List.of("newsletters", "112"), "any")));
    assertThat(subscriptions(byList)).extracting(s -> s.get("id")).containsExactly("108", "112");

    server.enqueue(json(200, contact(false)));
    server.enqueue(json(200, attached()));
    Object byText =
        get.execute(Fixtures.context(getVariables(" Product updates , 108", "sms_message")));
    assertThat(subscriptions(byText)).extracting(s -> s.get("id")).containsExactly("110");
  }

  @Test
  void aFilterThatNamesNoLiveTypeIsRefused() {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, TYPES));
    ConnectorException unknown =
        catchThrowableOfType(
            ConnectorException.class,
            () -> get.execute(Fixtures.context(getVariables("Promotions", null))));
    assertThat(unknown.getErrorCode()).isEqualTo(ErrorCodes.SUBSCRIPTION_TYPE_NOT_FOUND);

    ConnectorException draft =
        catchThrowableOfType(
            ConnectorException.class,
            () -> get.execute(Fixtures.context(getVariables("114", null))));
    assertThat(draft.getErrorCode()).isEqualTo(ErrorCodes.SUBSCRIPTION_TYPE_NOT_LIVE);

    assertThat(
            Fixtures.refusedInput(() -> get.execute(Fixtures.context(getVariables(null, "fax")))))
        .hasMessage("contentType: must be any, email or sms_message, got 'fax'");
  }

  @Test
  void aMergedContactIsReadThroughItsCanonicalContact() {
    server.enqueue(json(200, TYPES));
    server.enqueue(
        new MockResponse.Builder()
            .code(410)
            .addHeader("Content-Type", "application/json")
            .addHeader("Link", "</contacts/c-9>; rel=\"canonical\"")
            .body(
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"m\"}]}")
            .build());
    server.enqueue(json(200, contact(false).replace(CONTACT, "c-9")));
    server.enqueue(json(200, attached()));

    Object result = get.execute(Fixtures.context(getVariables(null, null)));

    @SuppressWarnings("unchecked")
    Map<String, Object> picture =
        ((List<Map<String, Object>>) Fixtures.asJson(result).get("contacts")).get(0);
    assertThat(picture).containsEntry("id", "c-9").containsEntry("mergedFrom", CONTACT);
  }

  static String rfc1123(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
  }
}
