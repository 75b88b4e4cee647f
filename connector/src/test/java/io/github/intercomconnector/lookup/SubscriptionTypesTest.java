/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.json;
import static io.github.intercomconnector.testing.Fixtures.sentJson;
import static io.github.intercomconnector.testing.SubscriptionTypeJson.NAMED_TYPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

/** Finding the subscription type by name in the workspace's list, kept for a minute. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SubscriptionTypesTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final AttachSubscriptionFunction attach = new AttachSubscriptionFunction(service);

  private Map<String, Object> byName(String name) {
    return Fixtures.attachByTypeName(server, name);
  }

  @Test
  void aTypeIsFoundByAnyOfItsNamesAndKeptForAMinute() throws Exception {
    server.enqueue(json(200, NAMED_TYPES));
    server.enqueue(json(200, SUBSCRIPTION_108));
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(Fixtures.context(byName("  lettre D'INFORMATION ")));
    attach.execute(Fixtures.context(byName("Newsletters")));

    RecordedRequest list = server.takeRequest();
    assertThat(list.getMethod()).isEqualTo("GET");
    assertThat(list.getTarget()).isEqualTo("/subscription_types");
    assertThat(sentJson(server.takeRequest()).get("id").asText()).isEqualTo("108");
    assertThat(server.takeRequest().getTarget()).as("no second read").endsWith("/subscriptions");
    assertThat(Fixtures.evidence(result).get("subscriptionType"))
        .isEqualTo(Map.of("id", "108", "name", "Newsletters", "consentType", "opt_in"));
  }

  @Test
  void anUnknownNameIsReadAgainOnceThenRefusedListingTheLiveNames() {
    server.enqueue(json(200, NAMED_TYPES));
    server.enqueue(json(200, NAMED_TYPES));

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
    server.enqueue(json(200, NAMED_TYPES));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(byName("EVENTS"))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SEVERAL_SUBSCRIPTION_TYPES_MATCH);
    assertThat(e.getErrorVariables()).containsEntry("subscriptionTypeIds", List.of("120", "122"));
    assertThat(e.getMessage()).contains("120, 122");
  }

  @Test
  void anArchivedTypeIsRefusedSayingItsState() {
    server.enqueue(json(200, NAMED_TYPES));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> attach.execute(Fixtures.context(byName("Legacy digest"))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.SUBSCRIPTION_TYPE_NOT_LIVE);
    assertThat(e.getMessage()).contains("(116) is archived, not live");
    assertThat(e.getErrorVariables()).containsEntry("state", "archived");
    assertThat(server.getRequestCount()).isEqualTo(1);
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
}
