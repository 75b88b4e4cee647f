/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE_OLD_ACCOUNT;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY_LEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntercomSandboxTest {

  static final String TOKEN = "tok_TEST_sandbox";
  final ObjectMapper json = new ObjectMapper();

  IntercomSandbox sandbox;
  SandboxClient client;

  @BeforeEach
  void start() throws IOException {
    sandbox = IntercomSandbox.builder().tokens(TOKEN).start();
    client = new SandboxClient(sandbox, TOKEN);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  JsonNode body(SandboxClient.Answer a) throws IOException {
    return json.readTree(a.body());
  }

  @Test
  void attachesAndReturnsTheSubscriptionModel() throws IOException {
    var answer =
        client.post(
            "/contacts/" + ADA + "/subscriptions", "{\"id\":108,\"consent_type\":\"opt_in\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().get("Content-Type")).startsWith("application/json");
    JsonNode model = body(answer);
    assertThat(model.get("type").asText()).isEqualTo("subscription");
    assertThat(model.get("id").asText()).isEqualTo("108");
    assertThat(model.get("translations")).hasSize(2);
    assertThat(sandbox.state().consents(ADA)).isEqualTo(Map.of("108", "opt_in"));
    // listed afterwards
    assertThat(
            body(client.get("/contacts/" + ADA + "/subscriptions"))
                .get("data")
                .get(0)
                .get("id")
                .asText())
        .isEqualTo("108");
  }

  @Test
  void refusesWhatIntercomWouldRefuse() throws IOException {
    String path = "/contacts/" + ADA + "/subscriptions";
    assertError(client.post(path, "{\"consent_type\":\"opt_in\"}"), 400, "parameter_missing");
    assertError(
        client.post(path, "{\"id\":\"108\",\"consent_type\":\"maybe\"}"), 400, "parameter_invalid");
    assertError(
        client.post(path, "{\"id\":\"112\",\"consent_type\":\"opt_in\"}"),
        400,
        "parameter_invalid");
    assertError(
        client.post(path, "{\"id\":\"116\",\"consent_type\":\"opt_in\"}"),
        400,
        "parameter_invalid");
    assertError(
        client.post(path, "{\"id\":\"999\",\"consent_type\":\"opt_in\"}"), 404, "not_found");
    assertError(
        client.post(
            "/contacts/nobody/subscriptions", "{\"id\":\"108\",\"consent_type\":\"opt_in\"}"),
        404,
        "not_found");
    assertError(
        client.post(
            "/contacts/..%2Fadmins/subscriptions", "{\"id\":\"108\",\"consent_type\":\"opt_in\"}"),
        404,
        "not_found");
    assertThat(sandbox.state().consents(ADA)).isEmpty();
  }

  @Test
  void detachesAndAnswers404WhenNotAttached() throws IOException {
    var removed = client.delete("/contacts/" + ALAN + "/subscriptions/110");
    assertThat(removed.status()).isEqualTo(200);
    assertThat(body(removed).get("id").asText()).isEqualTo("110");
    assertThat(sandbox.state().consents(ALAN)).isEqualTo(Map.of("112", "opt_out"));

    var again =
        assertError(client.delete("/contacts/" + ALAN + "/subscriptions/110"), 404, "not_found");
    assertThat(again.get("errors").get(0).get("message").asText()).isEqualTo("Resource Not Found");
    var noContact =
        assertError(client.delete("/contacts/nobody/subscriptions/110"), 404, "not_found");
    assertThat(noContact.get("errors").get(0).get("message").asText()).isEqualTo("User Not Found");
  }

  @Test
  void aDeletedContactIsGoneForSearchAndEveryLaterRequest() throws IOException {
    var deleted = client.delete("/contacts/" + ALAN);
    assertThat(deleted.status()).isEqualTo(200);
    JsonNode answer = body(deleted);
    assertThat(answer.get("type").asText()).isEqualTo("contact");
    assertThat(answer.get("id").asText()).isEqualTo(ALAN);
    assertThat(answer.get("external_id").asText()).isEqualTo("cust-1003");
    assertThat(answer.get("deleted").asBoolean()).isTrue();

    assertThat(
            search("{\"field\":\"email\",\"operator\":\"=\",\"value\":\"alan@example.com\"}", null)
                .get("total_count")
                .asInt())
        .isZero();
    assertError(client.get("/contacts/" + ALAN), 404, "not_found");
    assertError(client.get("/contacts/" + ALAN + "/subscriptions"), 404, "not_found");
    assertError(client.get("/contacts/find_by_external_id/cust-1003"), 404, "not_found");
    assertError(client.delete("/contacts/" + ALAN), 404, "not_found");
    assertError(client.post("/contacts/" + ALAN + "/archive", null), 404, "not_found");
    assertError(
        client.call("PUT", "/contacts/" + ALAN, "{\"unsubscribed_from_emails\":true}"),
        404,
        "not_found");
    assertThat(sandbox.state().consents(ALAN)).isEmpty();
    assertError(client.delete("/contacts/nobody"), 404, "not_found");
  }

  @Test
  void setsAndClearsTheGlobalEmailOptOutAndRefusesWhatItCannotDo() throws IOException {
    String path = "/contacts/" + ADA;
    var set = client.call("PUT", path, "{\"unsubscribed_from_emails\":true}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(body(set).get("id").asText()).isEqualTo(ADA);
    assertThat(body(set).get("email").asText()).isEqualTo("ada@example.com");
    assertThat(body(set).get("unsubscribed_from_emails").asBoolean()).isTrue();
    assertThat(body(client.get(path)).get("unsubscribed_from_emails").asBoolean()).isTrue();
    assertThat(
            body(client.call("PUT", path, "{\"unsubscribed_from_emails\":null}"))
                .get("unsubscribed_from_emails")
                .asBoolean())
        .as("null leaves it")
        .isTrue();
    assertThat(
            body(client.call("PUT", path, "{\"unsubscribed_from_emails\":false}"))
                .get("unsubscribed_from_emails")
                .asBoolean())
        .isFalse();
    assertError(
        client.call("PUT", path, "{\"unsubscribed_from_emails\":\"yes\"}"),
        400,
        "parameter_invalid");
    assertError(client.call("PUT", path, "[true]"), 400, "parameter_invalid");
    assertError(client.call("PUT", path, "{not json"), 400, "parameter_invalid");
    assertError(client.call("PUT", path, "{\"name\":\"Someone else\"}"), 400, "parameter_invalid");
    assertThat(sandbox.state().contact(ADA).get("unsubscribed_from_emails").asBoolean()).isFalse();
    assertThat(
            sandbox.state().contact(ADA).has("name")
                ? sandbox.state().contact(ADA).get("name").asText()
                : "")
        .isNotEqualTo("Someone else");
    assertError(
        client.call("PUT", "/contacts/nobody", "{\"unsubscribed_from_emails\":true}"),
        404,
        "not_found");
  }

  @Test
  void anArchivedContactIsOutOfSearchUntilUnarchived() throws IOException {
    String byEmail = "{\"field\":\"email\",\"operator\":\"=\",\"value\":\"alan@example.com\"}";
    var archived = client.post("/contacts/" + ALAN + "/archive", null);
    assertThat(archived.status()).isEqualTo(200);
    assertThat(body(archived).get("archived").asBoolean()).isTrue();
    assertThat(body(archived).get("id").asText()).isEqualTo(ALAN);
    assertThat(search(byEmail, null).get("total_count").asInt()).isZero();
    assertError(client.get("/contacts/" + ALAN), 404, "not_found");
    assertError(client.get("/contacts/find_by_external_id/cust-1003"), 404, "not_found");
    // Archiving again answers as the first time.
    assertThat(
            body(client.post("/contacts/" + ALAN + "/archive", null)).get("archived").asBoolean())
        .isTrue();

    var unarchived = client.post("/contacts/" + ALAN + "/unarchive", null);
    assertThat(unarchived.status()).isEqualTo(200);
    assertThat(body(unarchived).get("archived").asBoolean()).isFalse();
    assertThat(search(byEmail, null).get("total_count").asInt()).isEqualTo(1);
    assertThat(sandbox.state().consents(ALAN)).isEqualTo(Map.of("110", "opt_in", "112", "opt_out"));

    // An archived contact can still be deleted for good.
    client.post("/contacts/" + ALAN + "/archive", null);
    assertThat(client.delete("/contacts/" + ALAN).status()).isEqualTo(200);
    assertError(client.post("/contacts/" + ALAN + "/unarchive", null), 404, "not_found");
    assertError(client.post("/contacts/nobody/archive", null), 404, "not_found");
  }

  @Test
  void listsTypesAndFindsContacts() throws IOException {
    assertThat(body(client.get("/subscription_types")).get("data")).hasSize(5);
    JsonNode found =
        body(
            client.post(
                "/contacts/search",
                "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"ada@example.com\"}}"));
    assertThat(found.get("total_count").asInt()).isEqualTo(1);
    assertThat(found.get("data").get(0).get("id").asText()).isEqualTo(ADA);
    JsonNode byExternal =
        body(
            client.post(
                "/contacts/search",
                "{\"query\":{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"cust-1003\"}}"));
    assertThat(byExternal.get("data").get(0).get("id").asText()).isEqualTo(ALAN);
  }

  private JsonNode search(String query, String pagination) throws IOException {
    var answer =
        client.post(
            "/contacts/search",
            "{\"query\":"
                + query
                + (pagination == null ? "" : ",\"pagination\":" + pagination)
                + "}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return body(answer);
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("data").forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  @Test
  void searchFindsUsersAndLeadsByEmailAndNarrowsByRole() throws IOException {
    String hedy = "{\"field\":\"email\",\"operator\":\"=\",\"value\":\"HEDY@example.com\"}";
    assertThat(ids(search(hedy, null))).containsExactly(HEDY, HEDY_LEAD);
    JsonNode leads =
        search(
            "{\"operator\":\"AND\",\"value\":["
                + hedy
                + ",{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"}]}",
            null);
    assertThat(ids(leads)).containsExactly(HEDY_LEAD);
    assertThat(leads.get("data").get(0).get("unsubscribed_from_emails").asBoolean()).isFalse();
  }

  @Test
  void searchPagesWithACursor() throws IOException {
    String hedy = "{\"field\":\"email\",\"operator\":\"=\",\"value\":\"hedy@example.com\"}";
    JsonNode first = search(hedy, "{\"per_page\":1}");
    assertThat(ids(first)).containsExactly(HEDY);
    assertThat(first.get("total_count").asInt()).isEqualTo(2);
    assertThat(first.at("/pages/total_pages").asInt()).isEqualTo(2);
    String cursor = first.at("/pages/next/starting_after").asText();
    JsonNode second = search(hedy, "{\"per_page\":1,\"starting_after\":\"" + cursor + "\"}");
    assertThat(ids(second)).containsExactly(HEDY_LEAD);
    assertThat(second.at("/pages/page").asInt()).isEqualTo(2);
    assertThat(second.at("/pages/next").isMissingNode()).isTrue();
  }

  @Test
  void aMergedContactAnswers410WithALinkAndIsNotSearched() throws IOException {
    var contact = client.get("/contacts/" + GRACE_OLD_ACCOUNT);
    assertError(contact, 410, "contact_merged");
    assertThat(contact.headers().get("Link"))
        .isEqualTo("</contacts/" + GRACE + ">; rel=\"canonical\"");
    assertError(
        client.post(
            "/contacts/" + GRACE_OLD_ACCOUNT + "/subscriptions",
            "{\"id\":\"108\",\"consent_type\":\"opt_in\"}"),
        410,
        "contact_merged");
    var byExternalId = client.get("/contacts/find_by_external_id/cust-0999");
    assertError(byExternalId, 410, "contact_merged");
    assertThat(byExternalId.headers().get("Link")).contains(GRACE);
    assertThat(
            ids(
                search(
                    "{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"cust-0999\"}",
                    null)))
        .isEmpty();
  }

  @Test
  void findsUsersOnlyByExternalId() throws IOException {
    var ada = client.get("/contacts/find_by_external_id/cust-1001");
    assertThat(ada.status()).isEqualTo(200);
    assertThat(body(ada).get("id").asText()).isEqualTo(ADA);
    assertError(client.get("/contacts/find_by_external_id/nobody"), 404, "not_found");
  }

  @Test
  void aNewContactIsSearchableOnlyAfterTheLag() throws IOException {
    MutableClock clock = new MutableClock();
    try (var lagging =
        IntercomSandbox.builder()
            .tokens(TOKEN)
            .clock(clock)
            .searchLag(Duration.ofSeconds(5))
            .start()) {
      var c = new SandboxClient(lagging, TOKEN);
      var added =
          c.post(
              "/__sandbox/contacts",
              "{\"id\":\"new-1\",\"role\":\"user\",\"email\":\"new@example.com\",\"external_id\":\"cust-9\"}");
      assertThat(body(added).get("id").asText()).isEqualTo("new-1");
      String byEmail =
          "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"new@example.com\"}}";
      assertThat(body(c.post("/contacts/search", byEmail)).get("total_count").asInt()).isZero();
      assertThat(c.get("/contacts/new-1").status()).as("found by id at once").isEqualTo(200);
      clock.advance(Duration.ofSeconds(5));
      assertThat(body(c.post("/contacts/search", byEmail)).get("total_count").asInt()).isEqualTo(1);
    }
  }

  @Test
  void everyAnswerCarriesItsRequestId() throws IOException {
    var answer = client.get("/contacts/nobody");
    assertThat(answer.headers().get("X-Request-Id")).isNotBlank();
    assertThat(body(answer).get("request_id").asText())
        .isEqualTo(answer.headers().get("X-Request-Id"));
    assertThat(client.get("/subscription_types").headers().get("X-Request-Id")).isNotBlank();
  }

  @Test
  void checksTheTokenAndTheVersion() throws IOException {
    JsonNode unauthorized =
        assertError(
            new SandboxClient(sandbox, "wrong").get("/subscription_types"), 401, "unauthorized");
    assertThat(unauthorized.get("request_id").asText()).isNotBlank();
    assertError(new SandboxClient(sandbox, null).get("/subscription_types"), 401, "unauthorized");
    assertError(client.version("3.99").get("/subscription_types"), 400, "intercom_version_invalid");
    assertThat(client.version("Preview").get("/subscription_types").status()).isEqualTo(200);
    assertThat(client.version(null).get("/subscription_types").status()).isEqualTo(200);
    assertThat(sandbox.journal())
        .allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("Authorization"));
    assertThat(sandbox.journal().toString()).doesNotContain(TOKEN);
  }

  @Test
  void gatewayModeAcceptsRequestsWithoutAToken() throws IOException {
    try (var gateway = IntercomSandbox.builder().gatewayMode(true).start()) {
      assertThat(new SandboxClient(gateway, null).get("/subscription_types").status())
          .isEqualTo(200);
      assertThat(gateway.journal().get(0).authorizationPresent()).isFalse();
    }
  }

  @Test
  void rateLimitsWithIntercomsHeaders() throws IOException {
    // A window that cannot end during the test, whatever the time of day.
    int window = 1_000_000_000;
    try (var limited = IntercomSandbox.builder().tokens(TOKEN).rateLimit(3, window).start()) {
      var c = new SandboxClient(limited, TOKEN);
      var first = c.get("/subscription_types");
      assertThat(first.headers().get("X-RateLimit-Limit")).isEqualTo("3");
      assertThat(first.headers().get("X-RateLimit-Remaining")).isEqualTo("2");
      long reset = Long.parseLong(first.headers().get("X-RateLimit-Reset"));
      assertThat(reset)
          .isGreaterThan(System.currentTimeMillis() / 1000)
          .isEqualTo(reset / window * window);
      c.get("/subscription_types");
      c.get("/subscription_types");
      JsonNode refused = assertError(c.get("/subscription_types"), 429, "rate_limit_exceeded");
      assertThat(refused.get("errors").get(0).get("message").asText())
          .isEqualTo("Exceeded rate limit of 3 in " + window + "_seconds");
      assertThat(limited.maxRequestsInAWindow()).as("refused requests count too").isEqualTo(4);
      assertThat(limited.rateLimitedCalls()).isEqualTo(1);
    }
  }

  @Test
  void playsInjectedFaults() throws IOException {
    sandbox.inject(Fault.status(503, 2).on("GET", "/subscription_types"));
    assertError(client.get("/subscription_types"), 503, "service_unavailable");
    assertError(client.get("/subscription_types"), 503, "service_unavailable");
    assertThat(client.get("/subscription_types").status()).isEqualTo(200);

    sandbox.inject(Fault.dropConnection(1));
    assertThatThrownBy(() -> client.get("/subscription_types")).isInstanceOf(IOException.class);

    sandbox.inject(Fault.malformedJson(200, 1));
    var malformed = client.get("/subscription_types");
    assertThatThrownBy(() -> json.readTree(malformed.body())).isInstanceOf(IOException.class);

    sandbox.inject(Fault.html(502, 1));
    var html = client.get("/subscription_types");
    assertThat(html.status()).isEqualTo(502);
    assertThat(html.headers().get("Content-Type")).startsWith("text/html");

    sandbox.inject(Fault.slow(Duration.ofMillis(600), 1));
    long t0 = System.nanoTime();
    assertThat(client.get("/subscription_types").status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void losesTheAnswerOfARequestItCarriedOut() throws IOException {
    sandbox.inject(Fault.loseAnswer(1).on("POST", "/contacts/"));

    assertThatThrownBy(() ->
            client.post(
                "/contacts/" + ADA + "/subscriptions", "{\"id\":108,\"consent_type\":\"opt_in\"}"))
        .isInstanceOf(IOException.class);
    assertThat(sandbox.state().consents(ADA))
        .as("done although unanswered")
        .containsEntry("108", "opt_in");

    var next =
        client.post(
            "/contacts/" + ADA + "/subscriptions", "{\"id\":110,\"consent_type\":\"opt_in\"}");
    assertThat(next.status()).as("only one answer is lost").isEqualTo(200);
  }

  @Test
  void isSeededFromJsonAndShowsItsState() throws IOException {
    var seeded =
        SandboxState.fromJson(
            """
            {"subscription_types":[{"id":"1","state":"live","consent_type":"opt_out",
              "default_translation":{"name":"Promos","description":"d","locale":"en"},
              "translations":[],"content_types":["email"]}],
             "contacts":[{"id":"c1","email":"x@y.z","subscriptions":{"1":"opt_out"}}]}\
            """);
    try (var s = IntercomSandbox.builder().tokens(TOKEN).state(seeded).start()) {
      assertThat(s.state().consents("c1")).isEqualTo(Map.of("1", "opt_out"));
      var state = new SandboxClient(s, null).get("/__sandbox/state");
      assertThat(
              json.readTree(state.body())
                  .get("contacts")
                  .get(0)
                  .get("subscriptions")
                  .get("1")
                  .asText())
          .isEqualTo("opt_out");
    }
  }

  /** A clock the test moves. */
  static final class MutableClock extends java.time.Clock {
    private java.time.Instant now = java.time.Instant.parse("2026-11-22T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public synchronized java.time.Instant instant() {
      return now;
    }

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private JsonNode assertError(SandboxClient.Answer answer, int status, String code)
      throws IOException {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    JsonNode body = body(answer);
    assertThat(body.get("type").asText()).isEqualTo("error.list");
    assertThat(body.get("errors").get(0).get("code").asText()).isEqualTo(code);
    return body;
  }
}
