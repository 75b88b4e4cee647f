/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntercomErrorsTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private AttachSubscriptionFunction function;

  @BeforeEach
  void setUp() {
    function = new AttachSubscriptionFunction(Fixtures.service(new RecordingSleeper(clock), clock));
  }

  private ConnectorException attachFails() {
    return catchThrowableOfType(
        ConnectorException.class,
        () -> function.execute(Fixtures.context(Fixtures.attachVariables(server))));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource({
    "400, parameter_invalid, Consent type is invalid, INTERCOM_INVALID_REQUEST",
    "401, unauthorized, Access Token Invalid, INTERCOM_UNAUTHORIZED",
    "403, api_plan_restricted, Active subscription needed, INTERCOM_FORBIDDEN",
    "404, not_found, User Not Found, INTERCOM_NOT_FOUND",
    "409, conflict, Conflicting state, INTERCOM_CONFLICT",
    "410, contact_merged, Contact was merged, INTERCOM_CONTACT_MERGED",
    "422, parameter_invalid, Unprocessable, INTERCOM_INVALID_REQUEST",
    "418, teapot, Odd, INTERCOM_INVALID_REQUEST"
  })
  void everyRefusalHasItsCodeMessageAndVariables(
      int status, String intercomCode, String intercomMessage, String expectedCode) {
    server.enqueue(error(status, intercomCode, intercomMessage, "req-" + status));

    ConnectorException e = attachFails();

    assertThat(e.getErrorCode()).isEqualTo(expectedCode);
    assertThat(e.getMessage())
        .startsWith(expectedCode)
        .contains("HTTP " + status)
        .contains(intercomCode)
        .contains(intercomMessage)
        .contains("request_id req-" + status)
        .contains("POST /contacts/{contact_id}/subscriptions");
    assertThat(e.getErrorVariables())
        .containsEntry("httpStatus", status)
        .containsEntry("intercomErrorCode", intercomCode)
        .containsEntry("intercomErrorMessage", intercomMessage)
        .containsEntry("requestId", "req-" + status)
        .containsEntry("operation", "POST /contacts/{contact_id}/subscriptions")
        .containsEntry("attempts", 1)
        .containsEntry("errors", List.of(Map.of("code", intercomCode, "message", intercomMessage)));
    // A refusal is not retried, neither here nor by the engine (the runtime sets retries to 0
    // when the cause is a ConnectorInputException).
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(e.getCause()).isInstanceOf(ConnectorInputException.class);
  }

  private static MockResponse merged(String into) {
    return new MockResponse.Builder()
        .code(410)
        .addHeader("Content-Type", "application/json")
        .addHeader("Link", "</contacts/" + into + ">; rel=\"canonical\"")
        .body(
            "{\"type\":\"error.list\",\"request_id\":\"r\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\"Contact was merged\"}]}")
        .build();
  }

  @Test
  void aMergedContactIsFollowedOnceAndTheResultSaysWhichContactWasUsed() throws Exception {
    server.enqueue(merged("5f0c2e1b"));
    server.enqueue(json(200, Fixtures.SUBSCRIPTION_108));

    Object result = function.execute(Fixtures.context(Fixtures.attachVariables(server)));

    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/contacts/63a07ddf05a32042dffac965/subscriptions");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/5f0c2e1b/subscriptions");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(
            List.of(
                Fixtures.contact("5f0c2e1b", null, "id", "63a07ddf05a32042dffac965", "attached")));
  }

  @Test
  void aMergedContactNamesTheContactItWasMergedInto() {
    server.enqueue(merged("5f0c2e1b"));
    server.enqueue(merged("77aa")); // merged again: followed once only

    ConnectorException e = attachFails();

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_MERGED);
    assertThat(e.getErrorVariables()).containsEntry("mergedIntoContactId", "77aa");
    assertThat(e.getMessage()).contains("merged into contact 77aa");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aNullRequestIdIsLeftOut() {
    server.enqueue(error(404, "not_found", "User Not Found", null));

    ConnectorException e = attachFails();

    assertThat(e.getErrorVariables()).doesNotContainKey("requestId");
    assertThat(e.getMessage()).doesNotContain("request_id");
  }

  @Test
  void anHtmlErrorPageStillGivesTheStatus() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(502)
              .addHeader("Content-Type", "text/html")
              .body("<html><body>Bad gateway</body></html>")
              .build());
    }

    ConnectorException e = attachFails();

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    assertThat(e.getMessage())
        .contains("HTTP 502 without a JSON error body")
        .contains("3 attempts");
    assertThat(e.getErrorVariables()).containsEntry("httpStatus", 502).containsEntry("attempts", 3);
    assertThat(e.getCause()).isNull();
  }

  @Test
  void aSuccessWithAMalformedBodyIsAnInvalidResponse() {
    server.enqueue(json(200, "{\"type\":\"subscription\", \"id\": "));

    ConnectorException e = attachFails();

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.INVALID_RESPONSE);
    assertThat(e.getMessage()).contains("HTTP 200").contains("not a JSON object");
  }

  @Test
  void aDroppedConnectionIsANetworkError() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .onRequestStart(new SocketEffect.CloseSocket(true, true, true))
              .build());
    }

    ConnectorException e = attachFails();

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NETWORK_ERROR);
    assertThat(e.getMessage()).contains("could not be reached").contains("3 attempts");
    assertThat(e.getErrorVariables()).doesNotContainKey("httpStatus");
  }

  @Test
  void aReadTimeoutIsANetworkError() {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    @SuppressWarnings("unchecked")
    Map<String, Object> connection = (Map<String, Object>) vars.get("connection");
    connection.put("readTimeoutSeconds", 1);
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .headersDelay(3, java.util.concurrent.TimeUnit.SECONDS)
              .body("{}")
              .build());
    }

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> function.execute(Fixtures.context(vars)));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NETWORK_ERROR);
    assertThat(e.getMessage()).contains("no answer within the timeout");
  }
}
