/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.connector.api.error.ConnectorInputException;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input fails at once with a {@link ConnectorInputException} (the runtime sets retries to 0)
 * naming the field and what was expected, and nothing is sent.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InputValidationTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private AttachSubscriptionFunction attach;
  private DetachSubscriptionFunction detach;

  @BeforeEach
  void setUp() {
    var service = Fixtures.service(new RecordingSleeper(clock), clock);
    attach = new AttachSubscriptionFunction(service);
    detach = new DetachSubscriptionFunction(service);
  }

  @SuppressWarnings("unchecked")
  private void assertAttachRefused(Consumer<Map<String, Object>> change, String... expected) {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    change.accept(vars);
    assertThatThrownBy(() -> attach.execute(Fixtures.context(vars)))
        .isInstanceOf(ConnectorInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(expected))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "Validation", "jakarta"));
    assertThat(server.getRequestCount()).isZero();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> connection(Map<String, Object> vars) {
    return (Map<String, Object>) vars.get("connection");
  }

  @Test
  void blankContactId() {
    assertAttachRefused(
        v -> v.put("contactId", "  "), "contactId", "must be the Intercom id of a contact");
  }

  @Test
  void missingSubscriptionTypeId() {
    assertAttachRefused(
        v -> v.remove("subscriptionTypeId"),
        "subscriptionTypeId",
        "must be the Intercom id of a subscription type");
  }

  @Test
  void unknownConsentType() {
    assertAttachRefused(v -> v.put("consentType", "maybe"), "consentType", "opt_in, opt_out");
  }

  @Test
  void timeoutOutOfRange() {
    assertAttachRefused(
        v -> connection(v).put("connectTimeoutSeconds", 0),
        "connectTimeoutSeconds",
        "at least 1 second");
  }

  @Test
  void refusalsReadAsOneLineNamingTheField() {
    assertAttachRefused(
        v -> connection(v).put("connectTimeoutSeconds", "ten"),
        "connection.connectTimeoutSeconds: expected a whole number, got 'ten'");
    assertAttachRefused(
        v -> {
          v.put("contactBy", "email");
          v.put("contactEmail", "ada@example.com");
          v.put("contactSearchWaitSeconds", -1);
        },
        "contactSearchWaitSeconds: must be 0 or more seconds");
    assertAttachRefused(v -> v.remove("connection"), "connection: must be given");
  }

  @Test
  void missingConnection() {
    assertAttachRefused(v -> v.remove("connection"), "connection");
  }

  @Test
  void unknownRegion() {
    assertAttachRefused(
        v -> connection(v).put("region", "mars"),
        "connection.region",
        "us, eu, au, custom",
        "mars");
  }

  @Test
  void malformedBaseUrl() {
    assertAttachRefused(
        v -> connection(v).put("baseUrl", "not a url"),
        "connection.baseUrl",
        "absolute http(s) URL");
  }

  @Test
  void plainHttpToARemoteHost() {
    assertAttachRefused(
        v -> connection(v).put("baseUrl", "http://intercom-gateway.example.com/"),
        "connection.baseUrl",
        "expected an https URL",
        "loopback");
  }

  @Test
  void credentialsInTheBaseUrl() {
    assertAttachRefused(
        v -> connection(v).put("baseUrl", "https://user:pass@gateway.example.com/"),
        "connection.baseUrl",
        "without user name or password");
  }

  @Test
  void queryInTheBaseUrl() {
    assertAttachRefused(
        v -> connection(v).put("baseUrl", "https://gateway.example.com/?x=1"),
        "connection.baseUrl",
        "without query or fragment");
  }

  @Test
  void missingTokenOutsideGatewayMode() {
    assertAttachRefused(
        v -> {
          connection(v).put("region", "eu");
          connection(v).remove("accessToken");
        },
        "connection.accessToken",
        "{{secrets.INTERCOM_ACCESS_TOKEN}}");
  }

  @Test
  void otherVersionWithoutAValue() {
    assertAttachRefused(
        v -> connection(v).put("intercomVersion", "other"),
        "connection.otherIntercomVersion",
        "such as 2.17");
  }

  @Test
  void versionWithHeaderBreakingCharacters() {
    assertAttachRefused(
        v -> {
          connection(v).put("intercomVersion", "other");
          connection(v).put("otherIntercomVersion", "2.16\r\nX-Evil: 1");
        },
        "connection.otherIntercomVersion",
        "got '2.16\\r\\nX-Evil: 1'");
  }

  @Test
  void detachValidatesToo() {
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("subscriptionTypeId", "");
    assertThatThrownBy(() -> detach.execute(Fixtures.context(vars)))
        .isInstanceOf(ConnectorInputException.class)
        .hasMessageContaining("subscriptionTypeId");
    assertThat(server.getRequestCount()).isZero();
  }
}
