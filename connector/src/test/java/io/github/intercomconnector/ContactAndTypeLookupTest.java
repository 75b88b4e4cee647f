/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.github.intercomconnector.client.ClientMetrics;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Contacts;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Finding the contact by email or external id, and the subscription type by name. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContactAndTypeLookupTest {

  static final String EMAIL = "ada.lovelace@example.com";
  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final AttachSubscriptionFunction attach = new AttachSubscriptionFunction(service);
  private final DetachSubscriptionFunction detach = new DetachSubscriptionFunction(service);

  private Map<String, Object> byEmail(String email) {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.remove("contactId");
    vars.put("contactBy", "email");
    vars.put("contactEmail", email);
    vars.put("contactSearchWaitSeconds", 0);
    return vars;
  }

  private static String contact(String id, String role, String email, String externalId) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", "contact");
    c.put("id", id);
    c.put("role", role);
    c.put("email", email);
    c.put("external_id", externalId);
    try {
      return JSON.writeValueAsString(c);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static MockResponse found(String next, String... contacts) {
    String pages =
        next == null
            ? "{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}"
            : "{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":2,"
                + "\"next\":{\"per_page\":50,\"starting_after\":\""
                + next
                + "\"}}";
    return json(
        200,
        "{\"type\":\"list\",\"data\":["
            + String.join(",", contacts)
            + "],\"total_count\":"
            + contacts.length
            + ",\"pages\":"
            + pages
            + "}");
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().utf8());
  }

  @Test
  void findsTheContactByEmailWithIntercomsSearchAndSaysSo() throws Exception {
    server.enqueue(found(null, contact("c-1", "user", "Ada.Lovelace@Example.com", "cust-1")));
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(Fixtures.context(byEmail("  " + EMAIL + " ")));

    RecordedRequest search = server.takeRequest();
    assertThat(search.getMethod()).isEqualTo("POST");
    assertThat(search.getTarget()).isEqualTo("/contacts/search");
    assertThat(body(search))
        .isEqualTo(
            JSON.readTree(
                "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\""
                    + EMAIL
                    + "\"},\"pagination\":{\"per_page\":50}}"));
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-1/subscriptions");
    assertThat(Fixtures.model(result)).isEqualTo(JSON.readValue(SUBSCRIPTION_108, Map.class));
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.contact("c-1", "user", "email", null, "attached")));
  }

  @Test
  void onlyAnExactMatchCounts() throws Exception {
    server.enqueue(
        found(
            null,
            contact("c-1", "user", "ada.lovelace@example.com.evil", null),
            contact("c-2", "lead", EMAIL, null),
            contact("c-3", "user", null, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(Fixtures.context(byEmail(EMAIL)));

    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-2/subscriptions");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.contact("c-2", "lead", "email", null, "attached")));
  }

  @Test
  void aRoleNarrowsTheSearch() throws Exception {
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("contactRole", "lead");

    attach.execute(Fixtures.context(vars));

    assertThat(body(server.takeRequest()).get("query"))
        .isEqualTo(
            JSON.readTree(
                "{\"operator\":\"AND\",\"value\":[{\"field\":\"email\",\"operator\":\"=\",\"value\":\""
                    + EMAIL
                    + "\"},{\"field\":\"role\",\"operator\":\"=\",\"value\":\"lead\"}]}"));
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-2/subscriptions");
  }

  @Test
  void severalMatchesFailListingThemAndChangeNothing() {
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(byEmail(EMAIL))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SEVERAL_CONTACTS_MATCH);
    assertThat(e.getMessage())
        .contains("2 contacts match email a***@example.com: c-1, c-2")
        .doesNotContain(EMAIL);
    assertThat(e.getErrorVariables())
        .containsEntry("contactIds", List.of("c-1", "c-2"))
        .containsEntry("searchedBy", "email")
        .containsEntry("searchedFor", "a***@example.com");
    assertThat(e.getCause()).isInstanceOf(ConnectorInputException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void everyMatchingContactCanBeChangedAndEachIsNamed() throws Exception {
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("whenSeveralContactsMatch", "all");

    Object result = attach.execute(Fixtures.context(vars));

    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-1/subscriptions");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-2/subscriptions");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(
            List.of(
                Fixtures.contact("c-1", "user", "email", null, "attached"),
                Fixtures.contact("c-2", "lead", "email", null, "attached")));
  }

  @Test
  void pagesAreFollowed() throws Exception {
    server.enqueue(found("cursor-2", contact("c-1", "user", EMAIL, null)));
    server.enqueue(found(null, contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("whenSeveralContactsMatch", "all");

    attach.execute(Fixtures.context(vars));

    assertThat(body(server.takeRequest()).get("pagination"))
        .isEqualTo(JSON.readTree("{\"per_page\":50}"));
    assertThat(body(server.takeRequest()).get("pagination"))
        .isEqualTo(JSON.readTree("{\"per_page\":50,\"starting_after\":\"cursor-2\"}"));
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void moreMatchesThanTheBoundAreRefused() {
    for (int page = 0; page < 4; page++) {
      server.enqueue(found("cursor-" + page, contact("c-" + page, "user", EMAIL, null)));
    }
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("whenSeveralContactsMatch", "all");

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(vars)));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SEVERAL_CONTACTS_MATCH);
    assertThat(e.getMessage()).contains("more than 200 contacts match");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aUserIsFoundByExternalIdWithItsOwnEndpoint() throws Exception {
    server.enqueue(json(200, contact("c-7", "user", EMAIL, "cust/7")));
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.remove("contactId");
    vars.put("contactBy", "external_id");
    vars.put("contactExternalId", "cust/7");
    vars.put("contactRole", "user");

    Object result = attach.execute(Fixtures.context(vars));

    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/contacts/find_by_external_id/cust%2F7");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.contact("c-7", "user", "external_id", null, "attached")));
  }

  @Test
  void aMergedUserIsFollowedToItsCanonicalContact() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(410)
            .addHeader("Content-Type", "application/json")
            .addHeader("Link", "</contacts/c-9>; rel=\"canonical\"")
            .body(
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"merged\"}]}")
            .build());
    server.enqueue(json(200, contact("c-9", "user", EMAIL, "cust-9")));
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.remove("contactId");
    vars.put("contactBy", "external_id");
    vars.put("contactExternalId", "cust-7");
    vars.put("contactRole", "user");

    Object result = attach.execute(Fixtures.context(vars));

    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-9");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-9/subscriptions");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.contact("c-9", "user", "external_id", "cust-7", "attached")));
  }

  @Test
  void anExternalIdOfAnyRoleIsSearched() throws Exception {
    server.enqueue(found(null, contact("c-8", "lead", null, "cust-8")));
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.remove("contactId");
    vars.put("contactBy", "external_id");
    vars.put("contactExternalId", "cust-8");

    attach.execute(Fixtures.context(vars));

    assertThat(body(server.takeRequest()).get("query"))
        .isEqualTo(
            JSON.readTree("{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"cust-8\"}"));
  }

  @Test
  void nobodyWithoutAWaitFailsAtOnceWithoutTheFullEmail() {
    server.enqueue(found(null));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(byEmail(EMAIL))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo("INTERCOM_CONTACT_NOT_FOUND: no contact matches email a***@example.com");
    assertThat(e.getErrorVariables())
        .containsEntry("searchedBy", "email")
        .containsEntry("searchedFor", "a***@example.com")
        .containsEntry("contactRole", "any");
    assertThat(e.getCause()).isInstanceOf(ConnectorInputException.class);
  }

  @Test
  void eachLookAgainIsCountedForOperators() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(registry);
    try {
      Map<String, Object> vars = byEmail(EMAIL);
      vars.put("contactSearchWaitSeconds", 30);
      server.enqueue(found(null));

      catchThrowableOfType(
          ConnectorRetryException.class,
          () -> attach.execute(new FakeJob(4712, 3).around(Fixtures.context(vars))));

      assertThat(registry.get(ClientMetrics.SEARCH_WAITS).counter().count()).isEqualTo(1);
    } finally {
      Metrics.globalRegistry.remove(registry);
    }
  }

  @Test
  void nobodyIsLookedForAgainThroughTheEngineUntilTheWaitHasPassed() {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("contactSearchWaitSeconds", 30);
    FakeJob job = new FakeJob(4711, 3);
    List<Duration> backoffs = new ArrayList<>();
    ConnectorException last = null;
    for (int look = 0; look < 10 && last == null; look++) {
      server.enqueue(found(null));
      RuntimeException e =
          catchThrowableOfType(
              RuntimeException.class, () -> attach.execute(job.around(Fixtures.context(vars))));
      if (e instanceof ConnectorRetryException pending) {
        assertThat(pending.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_SEARCH_PENDING);
        assertThat(pending.getRetries()).as("a wait keeps the job's retries").isEqualTo(3);
        assertThat(pending.getMessage()).doesNotContain(EMAIL).contains("a***@example.com");
        backoffs.add(pending.getBackoffDuration());
        clock.advance(pending.getBackoffDuration());
      } else {
        last = (ConnectorException) e;
      }
    }

    assertThat(backoffs)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(14));
    assertThat(last.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_NOT_FOUND);
    assertThat(last.getMessage()).contains("after looking for 30 s");
    assertThat(last.getErrorVariables()).containsEntry("waitedSeconds", 30L);
  }

  @Test
  void aContactThatBecomesSearchableIsFound() throws Exception {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("contactSearchWaitSeconds", 300);
    FakeJob job = new FakeJob(99, null);
    server.enqueue(found(null));
    ConnectorRetryException pending =
        catchThrowableOfType(
            ConnectorRetryException.class,
            () -> attach.execute(job.around(Fixtures.context(vars))));
    assertThat(pending.getRetries()).as("unknown retries: the runtime counts one down").isNull();
    clock.advance(pending.getBackoffDuration());
    server.enqueue(found(null, contact("c-1", "user", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(job.around(Fixtures.context(vars)));

    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.contact("c-1", "user", "email", null, "attached")));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aContactIdThatDoesNotExistFailsAtOnce() {
    server.enqueue(error(404, "not_found", "User Not Found", "r"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> attach.execute(Fixtures.context(Fixtures.attachVariables(server))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRetryRedoesOnlyTheContactsThatFailed() throws Exception {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("whenSeveralContactsMatch", "all");
    FakeJob job = new FakeJob(123, 3);
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }

    ConnectorException failed =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(job.around(Fixtures.context(vars))));

    assertThat(failed.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    assertThat(failed.getCause()).as("a retry can help").isNull();
    assertThat(failed.getMessage()).contains("failed for 1 of 2 matching contacts");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> outcomes =
        (List<Map<String, Object>>) failed.getErrorVariables().get("contacts");
    assertThat(outcomes)
        .extracting(o -> o.get("id") + "=" + o.get("action"))
        .containsExactly("c-1=attached", "c-2=failed");

    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    int before = server.getRequestCount();
    Object result = attach.execute(job.around(Fixtures.context(vars)));

    assertThat(server.getRequestCount() - before).as("a search and c-2 only").isEqualTo(2);
    for (int i = 0; i < before; i++) {
      server.takeRequest();
    }
    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-2/subscriptions");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(
            List.of(
                Fixtures.contact("c-1", "user", "email", null, "attached"),
                Fixtures.contact("c-2", "lead", "email", null, "attached")));
  }

  // ---------------------------------------------------------------- subscription types by name

  static final String TYPES =
      """
      {"type":"list","data":[
        {"type":"subscription","id":"108","state":"live","consent_type":"opt_in",
         "default_translation":{"name":"Newsletters","description":"d","locale":"en"},
         "translations":[{"name":"Newsletters","description":"d","locale":"en"},
                         {"name":"Lettre d'information","description":"d","locale":"fr"}],
         "content_types":["email"]},
        {"type":"subscription","id":"116","state":"archived","consent_type":"opt_in",
         "default_translation":{"name":"Legacy digest","description":"d","locale":"en"},
         "translations":[],"content_types":["email"]},
        {"type":"subscription","id":"120","state":"live","consent_type":"opt_in",
         "default_translation":{"name":"Events","description":"d","locale":"en"},
         "translations":[],"content_types":["email"]},
        {"type":"subscription","id":"122","state":"live","consent_type":"opt_out",
         "default_translation":{"name":"events","description":"d","locale":"en"},
         "translations":[],"content_types":["sms_message"]}
      ]}\
      """;

  private Map<String, Object> byName(String name) {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.remove("subscriptionTypeId");
    vars.put("subscriptionTypeBy", "name");
    vars.put("subscriptionTypeName", name);
    return vars;
  }

  @Test
  void aTypeIsFoundByAnyOfItsNamesAndKeptForAMinute() throws Exception {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, SUBSCRIPTION_108));
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(Fixtures.context(byName("  lettre D'INFORMATION ")));
    attach.execute(Fixtures.context(byName("Newsletters")));

    RecordedRequest list = server.takeRequest();
    assertThat(list.getMethod()).isEqualTo("GET");
    assertThat(list.getTarget()).isEqualTo("/subscription_types");
    assertThat(body(server.takeRequest()).get("id").asText()).isEqualTo("108");
    assertThat(server.takeRequest().getTarget()).as("no second read").endsWith("/subscriptions");
    assertThat(Fixtures.evidence(result).get("subscriptionType"))
        .isEqualTo(Map.of("id", "108", "name", "Newsletters", "consentType", "opt_in"));
  }

  @Test
  void anUnknownNameIsReadAgainOnceThenRefusedListingTheLiveNames() {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, TYPES));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(byName("Promotions"))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SUBSCRIPTION_TYPE_NOT_FOUND);
    assertThat(e.getMessage())
        .contains("no subscription type is named 'Promotions'")
        .contains("Newsletters, Events, events");
    assertThat(e.getErrorVariables())
        .containsEntry("knownNames", List.of("Newsletters", "Events", "events"));
    assertThat(e.getCause()).isInstanceOf(ConnectorInputException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void twoLiveTypesWithTheNameAreRefusedListingTheirIds() {
    server.enqueue(json(200, TYPES));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(byName("EVENTS"))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SEVERAL_SUBSCRIPTION_TYPES_MATCH);
    assertThat(e.getErrorVariables()).containsEntry("subscriptionTypeIds", List.of("120", "122"));
    assertThat(e.getMessage()).contains("120, 122");
  }

  @Test
  void anArchivedTypeIsRefusedSayingItsState() {
    server.enqueue(json(200, TYPES));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> attach.execute(Fixtures.context(byName("Legacy digest"))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SUBSCRIPTION_TYPE_NOT_LIVE);
    assertThat(e.getMessage()).contains("(116) is archived, not live");
    assertThat(e.getErrorVariables()).containsEntry("state", "archived");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- detach

  @Test
  void aDetachWhoseAnswerWasLostCompletesWhenTheRetrySees404() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .onRequestStart(new mockwebserver3.SocketEffect.CloseSocket(true, true, true))
            .build());
    server.enqueue(error(404, "not_found", "Resource Not Found", "r2"));
    server.enqueue(json(200, "{\"type\":\"list\",\"data\":[]}"));
    server.enqueue(
        json(
            200,
            "{\"type\":\"list\",\"data\":[" + SUBSCRIPTION_108.replace("108", "37846") + "]}"));

    Object result = detach.execute(Fixtures.context(Fixtures.detachVariables(server)));

    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(Fixtures.model(result)).containsEntry("id", "37846").containsEntry("state", "live");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.byId("63a07ddf05a32042dffac965", "detached")));
  }

  // ---------------------------------------------------------------- input

  @Test
  void aMissingValueNamesItsField() {
    Map<String, Object> vars = byEmail(" ");
    assertThat(Fixtures.refusedInput(() -> attach.execute(Fixtures.context(vars))))
        .hasMessage("contactEmail: must be the contact's email address, got nothing");
    vars.put("contactEmail", "not-an-email");
    assertThat(Fixtures.refusedInput(() -> attach.execute(Fixtures.context(vars))))
        .hasMessage("contactEmail: must be the contact's email address, got a value without '@'");
    vars.put("contactBy", "phone");
    assertThat(Fixtures.refusedInput(() -> attach.execute(Fixtures.context(vars))))
        .hasMessage("contactBy: must be id, email or external_id, got 'phone'");
    Map<String, Object> name = byName(" ");
    assertThat(Fixtures.refusedInput(() -> attach.execute(Fixtures.context(name))))
        .hasMessage("subscriptionTypeName: must be the name of a subscription type, got nothing");
    assertThat(server.getRequestCount()).isZero();
  }

  // ---------------------------------------------------------------- the job's memory

  @Test
  void theRuntimeForgetsAJobOnceItHasEndedAndKeepsOneThatWillBeTriedAgain() {
    server.enqueue(json(200, SUBSCRIPTION_108));
    attach.execute(new FakeJob(1, 3).around(Fixtures.context(Fixtures.attachVariables(server))));
    assertThat(service.jobsRemembered()).as("completed").isZero();

    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    catchThrowableOfType(
        ConnectorException.class,
        () ->
            attach.execute(
                new FakeJob(2, 3).around(Fixtures.context(Fixtures.attachVariables(server)))));
    assertThat(service.jobsRemembered()).as("to be tried again").isEqualTo(1);

    server.enqueue(error(404, "not_found", "User Not Found", "r"));
    catchThrowableOfType(
        ConnectorException.class,
        () ->
            attach.execute(
                new FakeJob(3, 3).around(Fixtures.context(Fixtures.attachVariables(server)))));
    assertThat(service.jobsRemembered()).as("refused for good").isEqualTo(1);

    Map<String, Object> waiting = byEmail(EMAIL);
    waiting.put("contactSearchWaitSeconds", 60);
    server.enqueue(found(null));
    catchThrowableOfType(
        ConnectorRetryException.class,
        () -> attach.execute(new FakeJob(4, 3).around(Fixtures.context(waiting))));
    assertThat(service.jobsRemembered()).as("looking again later").isEqualTo(2);

    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    catchThrowableOfType(
        ConnectorException.class,
        () -> attach.execute(new FakeJob(5, 3).around(Fixtures.context(byEmail(EMAIL)))));
    Map<String, Object> bad = byEmail(" ");
    Fixtures.refusedInput(() -> attach.execute(new FakeJob(6, 3).around(Fixtures.context(bad))));
    assertThat(service.jobsRemembered()).as("a lookup or input refused for good").isEqualTo(2);

    Map<String, Object> several = byEmail(EMAIL);
    several.put("whenSeveralContactsMatch", "all");
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(error(404, "not_found", "User Not Found", "r"));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "s" + i));
    }
    catchThrowableOfType(
        ConnectorException.class,
        () -> attach.execute(new FakeJob(7, 3).around(Fixtures.context(several))));
    assertThat(service.jobsRemembered()).as("a refused contact: for good").isEqualTo(2);
    catchThrowableOfType(
        ConnectorException.class,
        () -> attach.execute(new FakeJob(8, 3).around(Fixtures.context(several))));
    assertThat(service.jobsRemembered()).as("only transient failures: again").isEqualTo(3);
  }

  @Test
  void aRefusedContactAmongSeveralMeansARetryCannotHelp() {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("whenSeveralContactsMatch", "all");
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    server.enqueue(error(404, "not_found", "User Not Found", "r"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(vars)));

    assertThat(e.getErrorCode()).as("the first failure's code").isEqualTo(ErrorCodes.UNAVAILABLE);
    assertThat(e.getCause()).isInstanceOf(ConnectorInputException.class);
    assertThat(e.getMessage())
        .contains("failed for 2 of 2 matching contacts (a retry cannot help)");
  }

  @Test
  void aDetachThatGotNoAnswerIsVerifiedWhenTheJobsRetrySees404() throws Exception {
    FakeJob job = new FakeJob(42, 3);
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    ConnectorException first =
        catchThrowableOfType(
            ConnectorException.class,
            () -> detach.execute(job.around(Fixtures.context(Fixtures.detachVariables(server)))));
    assertThat(first.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    server.enqueue(error(404, "not_found", "Resource Not Found", "r4"));
    server.enqueue(json(200, "{\"type\":\"list\",\"data\":[]}"));
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, TYPES));

    Object result = detach.execute(job.around(Fixtures.context(Fixtures.detachVariables(server))));

    assertThat(Fixtures.model(result))
        .as("the type is not listed: what is known of it")
        .isEqualTo(Map.of("type", "subscription", "id", "37846"));
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.byId("63a07ddf05a32042dffac965", "detached")));
  }

  @Test
  void aMergedContactIsFollowedOnDetach() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(410)
            .addHeader("Content-Type", "application/json")
            .addHeader("Link", "</contacts/c-9>; rel=\"canonical\"")
            .body(
                "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"m\"}]}")
            .build());
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = detach.execute(Fixtures.context(Fixtures.detachVariables(server)));

    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-9/subscriptions/37846");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(
            List.of(Fixtures.contact("c-9", null, "id", "63a07ddf05a32042dffac965", "detached")));
  }

  @Test
  void everyContactAlreadyDetachedSaysSo() {
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.remove("contactId");
    vars.put("contactBy", "email");
    vars.put("contactEmail", EMAIL);
    vars.put("whenSeveralContactsMatch", "all");
    vars.put("alreadyDetachedCountsAsSuccess", true);
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    for (int i = 0; i < 2; i++) {
      server.enqueue(error(404, "not_found", "Resource Not Found", "r"));
      server.enqueue(json(200, "{\"type\":\"list\",\"data\":[]}"));
    }

    Object result = detach.execute(Fixtures.context(vars));

    assertThat(Fixtures.model(result))
        .isEqualTo(Map.of("type", "subscription", "id", "37846", "already_detached", true));
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(
            List.of(
                Fixtures.contact("c-1", "user", "email", null, "already_detached"),
                Fixtures.contact("c-2", "lead", "email", null, "already_detached")));
  }

  /**
   * A contact already detached of an opt-out type receives its messages again; the type's consent
   * model says so only when the workspace's list is at hand, here kept from an earlier job. Without
   * the list "receives" stays unknown rather than guessed.
   */
  @Test
  void alreadyDetachedOfAKeptOptOutTypeReceivesAgain() throws Exception {
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("subscriptionTypeId", "122");
    vars.put("alreadyDetachedCountsAsSuccess", true);
    server.enqueue(error(404, "not_found", "Resource Not Found", "r1"));
    server.enqueue(json(200, "{\"type\":\"list\",\"data\":[]}"));

    Object before = detach.execute(Fixtures.context(vars));

    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, SUBSCRIPTION_108));
    attach.execute(Fixtures.context(byName("Newsletters")));
    server.enqueue(error(404, "not_found", "Resource Not Found", "r2"));
    server.enqueue(json(200, "{\"type\":\"list\",\"data\":[]}"));

    Object after = detach.execute(Fixtures.context(vars));

    assertThat(Fixtures.receives(before)).as("no list at hand").containsExactly((Object) null);
    assertThat(Fixtures.receives(after)).as("the kept list's opt-out type").containsExactly(true);
    assertThat(Fixtures.contactsUsed(after))
        .isEqualTo(List.of(Fixtures.byId("63a07ddf05a32042dffac965", "already_detached")));
  }

  @Test
  void aFailModeSearchStopsAtTheBoundAndListsWhatItFound() {
    for (int page = 0; page < 4; page++) {
      server.enqueue(found("cursor-" + page, contact("c-" + page, "user", EMAIL, null)));
    }

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(byEmail(EMAIL))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SEVERAL_CONTACTS_MATCH);
    assertThat(e.getErrorVariables())
        .containsEntry("contactIds", List.of("c-0", "c-1", "c-2", "c-3"));
  }

  @Test
  void aTypeWithoutADefaultNameIsListedByItsId() {
    server.enqueue(
        json(
            200,
            "{\"type\":\"list\",\"data\":[{\"type\":\"subscription\",\"id\":\"130\",\"state\":\"live\"}]}"));
    server.enqueue(
        json(
            200,
            "{\"type\":\"list\",\"data\":[{\"type\":\"subscription\",\"id\":\"130\",\"state\":\"live\"}]}"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(byName("Promotions"))));

    assertThat(e.getErrorVariables()).containsEntry("knownNames", List.of("130"));
  }

  @Test
  void waitsAreWholeSecondsRoundedUp() {
    assertThat(Contacts.roundUpToSeconds(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(2));
    assertThat(Contacts.roundUpToSeconds(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(Contacts.roundUpToSeconds(Duration.ofMillis(200))).isEqualTo(Duration.ofSeconds(1));
  }
}
