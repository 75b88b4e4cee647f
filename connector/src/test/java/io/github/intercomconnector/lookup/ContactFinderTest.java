/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import static io.github.intercomconnector.testing.ContactJson.EMAIL;
import static io.github.intercomconnector.testing.ContactJson.contact;
import static io.github.intercomconnector.testing.ContactJson.found;
import static io.github.intercomconnector.testing.ContactJson.merged;
import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.json;
import static io.github.intercomconnector.testing.Fixtures.sentJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Finding the contact by email or external id: Intercom's search, its pages, the bounds, a merged
 * contact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContactFinderTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final AttachSubscriptionFunction attach = new AttachSubscriptionFunction(service);

  private Map<String, Object> byEmail(String email) {
    return Fixtures.attachByEmail(server, email);
  }

  private Map<String, Object> byName(String name) {
    return Fixtures.attachByTypeName(server, name);
  }

  @Test
  void findsTheContactByEmailWithIntercomsSearchAndSaysSo() throws Exception {
    server.enqueue(found(null, contact("c-1", "user", "Ada.Lovelace@Example.com", "cust-1")));
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(Fixtures.context(byEmail("  " + EMAIL + " ")));

    RecordedRequest search = server.takeRequest();
    assertThat(search.getMethod()).isEqualTo("POST");
    assertThat(search.getTarget()).isEqualTo("/contacts/search");
    assertThat(sentJson(search))
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

    assertThat(sentJson(server.takeRequest()).get("query"))
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

    assertThat(sentJson(server.takeRequest()).get("pagination"))
        .isEqualTo(JSON.readTree("{\"per_page\":50}"));
    assertThat(sentJson(server.takeRequest()).get("pagination"))
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
    server.enqueue(merged("c-9", "merged"));
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

    assertThat(sentJson(server.takeRequest()).get("query"))
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
}
