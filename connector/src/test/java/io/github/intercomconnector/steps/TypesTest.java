/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.testing.Fixtures.json;
import static io.github.intercomconnector.testing.SubscriptionTypeJson.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.lookup.SubscriptionTypes;
import io.github.intercomconnector.model.SubscriptionTypeSelector;
import io.github.intercomconnector.ratelimit.Turn;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.SubscriptionTypeJson;
import io.github.intercomconnector.testing.TestClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The subscription types a form names: one by id or name, or those a Get consent reads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TypesTest {

  static final String WORKSPACE =
      SubscriptionTypeJson.list(
          type("108").name("Newsletters"),
          type("110").name("Product updates").contentTypes("email", "sms_message"),
          type("112").optOut().name("SMS offers").contentTypes("sms_message"),
          type("114").state("draft").name("Beta program"));

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final Types types = new Types(new SubscriptionTypes(clock));
  private RecordedCalls calls;

  @BeforeEach
  void callsToTheLocalServer() {
    calls =
        new RecordedCalls(
            Fixtures.client(new RecordingSleeper(clock), clock),
            Fixtures.settings(server),
            new Turn());
  }

  private static List<String> ids(List<SubscriptionType> types) {
    return types.stream().map(SubscriptionType::id).toList();
  }

  @Test
  void aTypeByIdIsTakenAsGivenWithoutACallUnlessItsModelIsNeeded() {
    SubscriptionType named =
        types.named(calls, new SubscriptionTypeSelector("id", " 108 ", null).query(), false);

    assertThat(named.model()).isEqualTo(Map.of("type", "subscription", "id", "108"));
    assertThat(server.getRequestCount()).isZero();

    server.enqueue(json(200, WORKSPACE));
    SubscriptionType full =
        types.named(calls, new SubscriptionTypeSelector(null, "110", null).query(), true);
    assertThat(full.model()).containsEntry("consent_type", "opt_in").containsEntry("state", "live");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void withoutAFilterEveryLiveTypeIsRead() {
    server.enqueue(json(200, WORKSPACE));

    assertThat(ids(types.chosen(calls, List.of(), "any"))).containsExactly("108", "110", "112");
    assertThat(ids(types.chosen(calls, List.of(), "sms_message")))
        .as("kept: no second read")
        .containsExactly("110", "112");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aFilterNamesTypesByIdOrNameEachOnceInItsOrder() {
    server.enqueue(json(200, WORKSPACE));

    assertThat(ids(types.chosen(calls, List.of("SMS offers", "108", "112"), "any")))
        .containsExactly("112", "108");
    assertThat(ids(types.chosen(calls, List.of("110", "newsletters"), "email")))
        .containsExactly("110", "108");
    assertThat(ids(types.chosen(calls, List.of("110", "108"), "sms_message")))
        .containsExactly("110");
  }
}
