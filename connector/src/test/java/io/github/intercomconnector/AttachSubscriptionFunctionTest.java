/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.TOKEN;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.steps.Results;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AttachSubscriptionFunctionTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);
  private AttachSubscriptionFunction function;

  @BeforeEach
  void setUp() {
    function = new AttachSubscriptionFunction(Fixtures.service(sleeper, clock));
  }

  @Test
  void postsTheSubscriptionWithAllHeaders() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = function.execute(Fixtures.context(Fixtures.attachVariables(server)));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/contacts/63a07ddf05a32042dffac965/subscriptions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Intercom-Version")).isEqualTo("2.16");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getHeaders().get("User-Agent"))
        .startsWith("intercom-subscription-connector/")
        .isEqualTo(IntercomClient.USER_AGENT);
    assertThat(new ObjectMapper().readTree(request.getBody().utf8()))
        .isEqualTo(new ObjectMapper().readTree("{\"id\":\"108\",\"consent_type\":\"opt_in\"}"));
    assertThat(Fixtures.model(result))
        .isEqualTo(new ObjectMapper().readValue(SUBSCRIPTION_108, Map.class));
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.byId("63a07ddf05a32042dffac965", "attached")));
    assertThat(Fixtures.receives(result)).as("opted in to an opt-in type").containsExactly(true);
    assertThat(Fixtures.evidence(result))
        .containsEntry(
            "subscriptionType",
            Map.of("id", "108", "name", "Newsletters", "consentType", "opt_in"));
  }

  @Test
  void acceptsTheSubscriptionIdAsANumberFromFeel() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.put("subscriptionTypeId", 108);
    vars.put("contactId", 4711);

    function.execute(Fixtures.context(vars));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/contacts/4711/subscriptions");
    assertThat(request.getBody().utf8()).isEqualTo("{\"id\":\"108\",\"consent_type\":\"opt_in\"}");
  }

  @Test
  void takesTheConsentTypeFromAFeelExpression() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108.replace("opt_in", "opt_out")));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.put("consentType", "expression");
    vars.put("consentTypeExpression", "opt_out");

    Object result = function.execute(Fixtures.context(vars));

    assertThat(server.takeRequest().getBody().utf8()).contains("\"consent_type\":\"opt_out\"");
    assertThat(Fixtures.receives(result)).as("opted out of an opt-out type").containsExactly(false);
  }

  @Test
  void refusesAnExpressionThatGivesNoConsentType() {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.put("consentType", "expression");
    vars.put("consentTypeExpression", "yes please");

    assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessageContaining("consentTypeExpression")
        .hasMessageContaining("opt_in or opt_out");
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"2.7,,2.7", "Preview,,Preview", "other,2.17,2.17", ",,2.16"})
  void sendsTheChosenIntercomVersion(String chosen, String other, String expected)
      throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    @SuppressWarnings("unchecked")
    Map<String, Object> connection = (Map<String, Object>) vars.get("connection");
    connection.put("intercomVersion", chosen);
    connection.put("otherIntercomVersion", other);

    function.execute(Fixtures.context(vars));

    assertThat(server.takeRequest().getHeaders().get("Intercom-Version")).isEqualTo(expected);
  }

  @Test
  void keepsEveryFieldIntercomReturnsInOrder() throws Exception {
    String newer =
        """
        {"type":"subscription","id":"108","state":"live","consent_type":"opt_in",
         "default_translation":{"name":"Newsletters","description":"d","locale":"en"},
         "translations":[{"name":"Lettres","description":"d","locale":"fr"}],
         "content_types":["email"],
         "brand_id":"b-1","new_field":{"nested":[1,2,{"deep":true}]}}\
        """;
    server.enqueue(json(200, newer));

    Object result = function.execute(Fixtures.context(Fixtures.attachVariables(server)));

    Map<String, Object> model = Fixtures.asJson(result);
    assertThat(model.keySet())
        .containsExactly(
            "type",
            "id",
            "state",
            "consent_type",
            "default_translation",
            "translations",
            "content_types",
            "brand_id",
            "new_field",
            Results.EVIDENCE);
    assertThat(model.get("new_field"))
        .isEqualTo(Map.of("nested", List.of(1, 2, Map.of("deep", true))));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "../admins|/contacts/..%2Fadmins/subscriptions",
        "a/b?c#d|/contacts/a%2Fb%3Fc%23d/subscriptions",
        "%2e%2e|/contacts/%252e%252e/subscriptions",
        "x y|/contacts/x%20y/subscriptions"
      })
  void encodesHostileContactIdsAsOneSegment(String contactId, String expectedPath)
      throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.put("contactId", contactId);

    function.execute(Fixtures.context(vars));

    assertThat(server.takeRequest().getTarget()).isEqualTo(expectedPath);
  }

  @ParameterizedTest
  @CsvSource({"..", "."})
  void refusesIdsThatWouldClimbThePath(String contactId) {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.put("contactId", contactId);

    assertThatThrownBy(() -> function.execute(Fixtures.context(vars)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessageStartingWith("contactId: ")
        .hasMessageContaining("/contacts/{contact_id}/subscriptions");
    assertThat(server.getRequestCount()).isZero();
  }
}
