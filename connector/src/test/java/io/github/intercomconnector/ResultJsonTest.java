/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.SubscriptionTypeJson.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camunda.connector.api.error.ConnectorException;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.SubscriptionTypeJson;
import io.github.intercomconnector.testing.TestClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JSON each task hands the process, character for character, as the runtime's Jackson writes
 * it: compared with files written from the results of version 1.0.0 (maps with string keys), so
 * that typed results change nothing a diagram reads. Run with {@code -Dresults.write=DIR} to have
 * each result that differs written into DIR, for review; the test fails on it all the same.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResultJsonTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();

  private AttachSubscriptionFunction attach() {
    return new AttachSubscriptionFunction(Fixtures.service(new RecordingSleeper(clock), clock));
  }

  private static MockResponse answer(String body) {
    return answer(body, "req-" + body.length());
  }

  private static MockResponse answer(String body, String requestId) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", requestId)
        .addHeader("Date", "Sun, 22 Nov 2026 10:00:07 GMT")
        .body(body)
        .build();
  }

  private static final String TYPES =
      SubscriptionTypeJson.list(
          type("108").name("Newsletters"),
          type("112").optOut().name("Marketing emails").contentTypes("email", "sms_message"));

  /** The request id of the workspace's types in the committed results. */
  private static final String TYPES_REQUEST = "req-457";

  private static final String CONTACT =
      "{\"type\":\"contact\",\"id\":\"c-1\",\"role\":\"user\",\"unsubscribed_from_emails\":true}";

  private static String searchFinds(String... ids) {
    StringBuilder data = new StringBuilder();
    for (String id : ids) {
      data.append(data.isEmpty() ? "" : ",")
          .append("{\"type\":\"contact\",\"id\":\"")
          .append(id)
          .append("\",\"role\":\"user\",\"email\":\"ada@example.com\"}");
    }
    return "{\"type\":\"list\",\"data\":["
        + data
        + "],\"total_count\":"
        + ids.length
        + ",\"pages\":{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}}";
  }

  private Map<String, Object> variables(String... pairs) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", Fixtures.connection(server));
    for (int i = 0; i < pairs.length; i += 2) {
      vars.put(pairs[i], pairs[i + 1]);
    }
    return vars;
  }

  private void same(String name, Object produced) throws Exception {
    String json = JSON.writeValueAsString(produced).replace(server.getHostName(), "HOST") + "\n";
    String committed;
    try (InputStream in = getClass().getResourceAsStream("/results/" + name + ".json")) {
      committed = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String dir = System.getProperty("results.write");
    if (dir != null && !json.equals(committed)) {
      // rewritten for review, and still a failure: a run that rewrites is never green
      Path file = Path.of(dir, name + ".json");
      Files.writeString(file, json);
      assertThat(json)
          .as("results/%s.json differs; rewritten as %s", name, file)
          .isEqualTo(committed);
    }
    assertThat(committed).as("results/%s.json", name).isNotNull();
    assertThat(json).as("results/%s.json", name).isEqualTo(committed);
  }

  private EraseContactFunction erase() {
    return new EraseContactFunction(Fixtures.service(new RecordingSleeper(clock), clock));
  }

  @Test
  void eraseByEmailOfALeadAndAUserWithTheLegalBasis() throws Exception {
    server.enqueue(answer(searchFinds("c-1", "c-2")));
    server.enqueue(
        answer(
            "{\"type\":\"contact\",\"id\":\"c-1\",\"external_id\":\"cust-1\",\"deleted\":true}"));
    server.enqueue(
        answer("{\"type\":\"contact\",\"id\":\"c-2\",\"external_id\":null,\"deleted\":true}"));
    Map<String, Object> vars =
        variables(
            "contactBy", "email",
            "contactEmail", "ada@example.com",
            "whenSeveralContactsMatch", "all",
            "legalBasis", "legal_obligation",
            "legalBasisExplanation", "Art. 17 request DSR-2026-0042");
    vars.put("contactSearchWaitSeconds", 0);

    same("erase", erase().execute(new FakeJob(31, 3).around(Fixtures.context(vars))));
  }

  @Test
  void eraseOfSomeoneIntercomDoesNotKnow() throws Exception {
    server.enqueue(answer(searchFinds()));
    Map<String, Object> vars =
        variables(
            "contactBy", "external_id", "contactExternalId", "cust-404", "eraseBy", "archive");
    vars.put("contactSearchWaitSeconds", 0);

    same("erase-nothing", erase().execute(Fixtures.context(vars)));
  }

  @Test
  void attachByEmailWithTheAnswer() throws Exception {
    server.enqueue(answer(searchFinds("c-1")));
    server.enqueue(answer(SUBSCRIPTION_108));
    Map<String, Object> vars =
        variables(
            "contactBy", "email",
            "contactEmail", "ada@example.com",
            "subscriptionTypeId", "108",
            "consentType", "opt_in",
            "consentWording", "Yes, send me the newsletter",
            "consentSource", "signup form",
            "consentAnsweredAt", "2026-11-22T11:00:00+01:00");
    vars.put("legalBasis", "consent");
    vars.put("legalBasisExplanation", "Newsletter sign-up, privacy notice section 3");

    same("attach", attach().execute(Fixtures.context(vars)));
  }

  @Test
  void detachOfATypeAlreadyDetached() throws Exception {
    server.enqueue(error(404, "not_found", "Resource Not Found", "req-1"));
    server.enqueue(answer("{\"type\":\"list\",\"data\":[]}"));
    Map<String, Object> vars = variables("contactId", "c-1", "subscriptionTypeId", "37846");
    vars.put("alreadyDetachedCountsAsSuccess", true);

    same(
        "detach-already-detached",
        new DetachSubscriptionFunction(Fixtures.service(new RecordingSleeper(clock), clock))
            .execute(Fixtures.context(vars)));
  }

  @Test
  void setConsentNoToAnOptOutType() throws Exception {
    server.enqueue(answer(TYPES, TYPES_REQUEST));
    server.enqueue(answer(CONTACT));
    server.enqueue(answer("{\"type\":\"list\",\"data\":[]}"));
    server.enqueue(
        answer("{\"type\":\"subscription\",\"id\":\"112\",\"consent_type\":\"opt_out\"}"));
    Map<String, Object> vars =
        variables("contactId", "c-1", "subscriptionTypeName", "Marketing emails");
    vars.put("subscriptionTypeBy", "name");
    vars.put("contactAgrees", false);

    same(
        "set-consent",
        new SetConsentFunction(Fixtures.service(new RecordingSleeper(clock), clock))
            .execute(Fixtures.context(vars)));
  }

  @Test
  void getConsentOfEveryLiveType() throws Exception {
    server.enqueue(answer(TYPES, TYPES_REQUEST));
    server.enqueue(answer(CONTACT));
    server.enqueue(
        answer("{\"type\":\"list\",\"data\":[{\"type\":\"subscription\",\"id\":\"108\"}]}"));

    same(
        "get-consent",
        new GetConsentFunction(Fixtures.service(new RecordingSleeper(clock), clock))
            .execute(Fixtures.context(variables("contactId", "c-1"))));
  }

  @Test
  void severalContactsOfWhichOneIsRefused() throws Exception {
    server.enqueue(answer(searchFinds("c-1", "c-2")));
    server.enqueue(answer(SUBSCRIPTION_108));
    server.enqueue(error(403, "forbidden", "Not allowed", "req-9"));
    Map<String, Object> vars =
        variables(
            "contactBy", "email",
            "contactEmail", "ada@example.com",
            "whenSeveralContactsMatch", "all",
            "subscriptionTypeId", "108",
            "consentType", "opt_in");

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach().execute(Fixtures.context(vars)));

    same("several-contacts-failed", e.getErrorVariables());
  }

  private static String contactJson(String id) {
    return "{\"type\":\"contact\",\"id\":\"" + id + "\",\"role\":\"user\"}";
  }

  @Test
  void detachOfTwoContactsOfWhichOneIsAlreadyDetached() throws Exception {
    server.enqueue(answer(searchFinds("c-1", "c-2")));
    server.enqueue(answer(SUBSCRIPTION_108));
    server.enqueue(error(404, "not_found", "Resource Not Found", "req-2"));
    server.enqueue(answer("{\"type\":\"list\",\"data\":[]}"));
    Map<String, Object> vars =
        variables(
            "contactBy", "email",
            "contactEmail", "ada@example.com",
            "whenSeveralContactsMatch", "all",
            "subscriptionTypeId", "108");
    vars.put("alreadyDetachedCountsAsSuccess", true);

    same(
        "detach-mixed",
        new DetachSubscriptionFunction(Fixtures.service(new RecordingSleeper(clock), clock))
            .execute(Fixtures.context(vars)));
  }

  @Test
  void setConsentOfTwoContactsRetriedAfterOneFailed() throws Exception {
    SetConsentFunction set =
        new SetConsentFunction(Fixtures.service(new RecordingSleeper(clock), clock));
    Map<String, Object> vars =
        variables(
            "contactBy", "email",
            "contactEmail", "ada@example.com",
            "whenSeveralContactsMatch", "all",
            "subscriptionTypeId", "108");
    vars.put("contactAgrees", true);
    FakeJob job = new FakeJob(77, 3);
    server.enqueue(answer(TYPES, TYPES_REQUEST));
    server.enqueue(answer(searchFinds("c-1", "c-2")));
    server.enqueue(answer(contactJson("c-1")));
    server.enqueue(answer("{\"type\":\"list\",\"data\":[]}"));
    server.enqueue(answer(SUBSCRIPTION_108));
    server.enqueue(answer(contactJson("c-2")));
    server.enqueue(answer("{\"type\":\"list\",\"data\":[]}"));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    ConnectorException first =
        catchThrowableOfType(
            ConnectorException.class, () -> set.execute(job.around(Fixtures.context(vars))));
    same("set-consent-several-failed", first.getErrorVariables());

    server.enqueue(answer(searchFinds("c-1", "c-2")));
    server.enqueue(answer(contactJson("c-2")));
    server.enqueue(answer("{\"type\":\"list\",\"data\":[]}"));
    server.enqueue(answer(SUBSCRIPTION_108));

    same("set-consent-retried", set.execute(job.around(Fixtures.context(vars))));
  }

  @Test
  void setEmailOptOutNoForALeadAndAUserOfOneEmail() throws Exception {
    server.enqueue(answer(searchFinds("c-1", "c-2")));
    server.enqueue(answer(contactJson("c-1")));
    server.enqueue(
        answer(
            "{\"type\":\"contact\",\"id\":\"c-1\",\"role\":\"user\","
                + "\"email\":\"ada@example.com\",\"unsubscribed_from_emails\":true}"));
    server.enqueue(
        answer(
            "{\"type\":\"contact\",\"id\":\"c-2\",\"role\":\"lead\","
                + "\"unsubscribed_from_emails\":true}"));
    Map<String, Object> vars =
        variables(
            "contactBy", "email",
            "contactEmail", "ada@example.com",
            "whenSeveralContactsMatch", "all",
            "consentWording", "No email at all, please",
            "consentSource", "privacy request form",
            "consentAnsweredAt", "2026-11-22T11:00:00+01:00",
            "legalBasis", "consent");
    vars.put("contactSearchWaitSeconds", 0);
    vars.put("contactAgrees", false);

    same(
        "set-email-opt-out",
        new SetEmailOptOutFunction(Fixtures.service(new RecordingSleeper(clock), clock))
            .execute(new FakeJob(51, 3).around(Fixtures.context(vars))));
  }
}
