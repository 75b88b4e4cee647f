/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.testing.ContactJson.EMAIL;
import static io.github.intercomconnector.testing.ContactJson.contact;
import static io.github.intercomconnector.testing.ContactJson.found;
import static io.github.intercomconnector.testing.ContactJson.merged;
import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static io.github.intercomconnector.testing.SubscriptionTypeJson.NAMED_TYPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.connector.api.error.ConnectorException;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.DetachSubscriptionFunction;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Detaching one contact: a lost answer, a 404 that means "already detached", a merged contact. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChangesTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final AttachSubscriptionFunction attach = new AttachSubscriptionFunction(service);
  private final DetachSubscriptionFunction detach = new DetachSubscriptionFunction(service);

  private Map<String, Object> byName(String name) {
    return Fixtures.attachByTypeName(server, name);
  }

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
    server.enqueue(json(200, NAMED_TYPES));
    server.enqueue(json(200, NAMED_TYPES));

    Object result = detach.execute(job.around(Fixtures.context(Fixtures.detachVariables(server))));

    assertThat(Fixtures.model(result))
        .as("the type is not listed: what is known of it")
        .isEqualTo(Map.of("type", "subscription", "id", "37846"));
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.byId("63a07ddf05a32042dffac965", "detached")));
  }

  @Test
  void aMergedContactIsFollowedOnDetach() throws Exception {
    server.enqueue(merged("c-9", "m"));
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

  @Test
  void alreadyDetachedOfAKeptOptOutTypeReceivesAgain() throws Exception {
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("subscriptionTypeId", "122");
    vars.put("alreadyDetachedCountsAsSuccess", true);
    server.enqueue(error(404, "not_found", "Resource Not Found", "r1"));
    server.enqueue(json(200, "{\"type\":\"list\",\"data\":[]}"));

    Object before = detach.execute(Fixtures.context(vars));

    server.enqueue(json(200, NAMED_TYPES));
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
}
