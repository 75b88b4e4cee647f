/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.TOKEN;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.github.intercomconnector.outbound.ErrorCodes;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DetachSubscriptionFunctionTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private DetachSubscriptionFunction function;

  @BeforeEach
  void setUp() {
    function = new DetachSubscriptionFunction(Fixtures.service(new RecordingSleeper(clock), clock));
  }

  @Test
  void deletesTheSubscriptionAndReturnsTheRemovedModel() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = function.execute(Fixtures.context(Fixtures.detachVariables(server)));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("DELETE");
    assertThat(request.getTarget())
        .isEqualTo("/contacts/63a07ddf05a32042dffac965/subscriptions/37846");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Intercom-Version")).isEqualTo("2.16");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getBodySize()).isZero();
    assertThat(Fixtures.model(result))
        .isEqualTo(new ObjectMapper().readValue(SUBSCRIPTION_108, Map.class));
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.byId("63a07ddf05a32042dffac965", "detached")));
    assertThat(Fixtures.receives(result))
        .as("back to an opt-in type's default: not receiving")
        .containsExactly(false);
  }

  @Test
  void encodesASubscriptionIdThatTriesToAddSegments() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("subscriptionTypeId", "1/../../admins");

    function.execute(Fixtures.context(vars));

    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/contacts/63a07ddf05a32042dffac965/subscriptions/1%2F..%2F..%2Fadmins");
  }

  @Test
  void aTypeIdThatIsADotSegmentIsRefusedNamingItsField() {
    for (String id : List.of("..", ".", " .. ")) {
      Map<String, Object> vars = Fixtures.detachVariables(server);
      vars.put("subscriptionTypeId", id);

      assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
          .satisfies(Fixtures::isRefusedInput)
          .hasMessageStartingWith("subscriptionTypeId: ")
          .hasMessageContaining("/contacts/{contact_id}/subscriptions/{subscription_id}");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void idsAreSentWithoutTheirSurroundingWhitespace() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("contactId", "  63a07ddf05a32042dffac965\n");
    vars.put("subscriptionTypeId", " 37846 ");

    function.execute(Fixtures.context(vars));

    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/contacts/63a07ddf05a32042dffac965/subscriptions/37846");
  }

  @Test
  void alreadyDetachedCountsAsSuccessWhenTheContactExists() throws Exception {
    server.enqueue(error(404, "not_found", "Resource Not Found", "req-1"));
    server.enqueue(
        json(200, "{\"type\":\"list\",\"data\":[" + SUBSCRIPTION_108 + "]}")); // 108, not 37846
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("alreadyDetachedCountsAsSuccess", true);

    Object result = function.execute(Fixtures.context(vars));

    assertThat(Fixtures.model(result))
        .isEqualTo(Map.of("type", "subscription", "id", "37846", "already_detached", true));
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.byId("63a07ddf05a32042dffac965", "already_detached")));
    assertThat(server.takeRequest().getMethod()).isEqualTo("DELETE");
    RecordedRequest lookup = server.takeRequest();
    assertThat(lookup.getMethod()).isEqualTo("GET");
    assertThat(lookup.getTarget()).isEqualTo("/contacts/63a07ddf05a32042dffac965/subscriptions");
  }

  @Test
  void aMissingContactStillFailsWithTheSwitchOn() {
    server.enqueue(error(404, "not_found", "User Not Found", "req-2"));
    server.enqueue(error(404, "not_found", "User Not Found", "req-3"));
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("alreadyDetachedCountsAsSuccess", true);

    assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
              assertThat(e.getMessage()).contains("User Not Found").contains("req-2");
            });
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStillAttachedSubscriptionKeepsThe404() {
    server.enqueue(error(404, "not_found", "Resource Not Found", "req-4"));
    server.enqueue(
        json(
            200,
            "{\"type\":\"list\",\"data\":[" + SUBSCRIPTION_108.replace("108", "37846") + "]}"));
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("alreadyDetachedCountsAsSuccess", true);

    assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND));
  }

  @Test
  void withoutTheSwitchA404FailsAtOnce() {
    server.enqueue(error(404, "not_found", "Resource Not Found", "req-5"));

    assertThatThrownBy(() -> function.execute(Fixtures.context(Fixtures.detachVariables(server))))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
