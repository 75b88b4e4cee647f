/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.connector.api.error.ConnectorInputException;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input fails at once with INTERCOM_INVALID_INPUT, a {@link ConnectorInputException} as cause
 * (the runtime sets retries to 0) naming the field and what was expected, and nothing is sent.
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
        .satisfies(Fixtures::isRefusedInput)
        .satisfies(e -> assertThat(e.getMessage()).contains(expected))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "Validation", "jakarta"));
    assertThat(server.getRequestCount()).isZero();
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
  void anExpressionChosenButNotGiven() {
    assertAttachRefused(
        v -> {
          v.put("consentType", "expression");
          v.remove("consentTypeExpression");
        },
        "consentTypeExpression: expected the expression to give opt_in or opt_out, got ''");
  }

  @Test
  void unknownConsentType() {
    assertAttachRefused(v -> v.put("consentType", "maybe"), "consentType", "opt_in, opt_out");
  }

  @Test
  void timeoutOutOfRange() {
    assertAttachRefused(
        v -> Fixtures.connectionIn(v).put("connectTimeoutSeconds", 0),
        "connectTimeoutSeconds",
        "at least 1 second");
  }

  @Test
  void refusalsReadAsOneLineNamingTheField() {
    assertAttachRefused(
        v -> Fixtures.connectionIn(v).put("connectTimeoutSeconds", "ten"),
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
        v -> Fixtures.connectionIn(v).put("region", "mars"),
        "connection.region",
        "us, eu, au, custom",
        "mars");
  }

  @Test
  void malformedBaseUrl() {
    assertAttachRefused(
        v -> Fixtures.connectionIn(v).put("baseUrl", "not a url"),
        "connection.baseUrl",
        "absolute http(s) URL");
  }

  @Test
  void plainHttpToARemoteHost() {
    assertAttachRefused(
        v -> Fixtures.connectionIn(v).put("baseUrl", "http://intercom-gateway.example.com/"),
        "connection.baseUrl",
        "expected an https URL",
        "loopback");
  }

  @Test
  void credentialsInTheBaseUrl() {
    assertAttachRefused(
        v -> Fixtures.connectionIn(v).put("baseUrl", "https://user:pass@gateway.example.com/"),
        "connection.baseUrl",
        "without user name or password");
  }

  @Test
  void queryInTheBaseUrl() {
    assertAttachRefused(
        v -> Fixtures.connectionIn(v).put("baseUrl", "https://gateway.example.com/?x=1"),
        "connection.baseUrl",
        "without query or fragment");
  }

  @Test
  void missingTokenOutsideGatewayMode() {
    assertAttachRefused(
        v -> {
          Fixtures.connectionIn(v).put("region", "eu");
          Fixtures.connectionIn(v).remove("accessToken");
        },
        "connection.accessToken",
        "{{secrets.INTERCOM_ACCESS_TOKEN}}");
  }

  @Test
  void otherVersionWithoutAValue() {
    assertAttachRefused(
        v -> Fixtures.connectionIn(v).put("intercomVersion", "other"),
        "connection.otherIntercomVersion",
        "such as 2.17");
  }

  @Test
  void versionWithHeaderBreakingCharacters() {
    assertAttachRefused(
        v -> {
          Fixtures.connectionIn(v).put("intercomVersion", "other");
          Fixtures.connectionIn(v).put("otherIntercomVersion", "2.16\r\nX-Evil: 1");
        },
        "connection.otherIntercomVersion",
        "got '2.16\\r\\nX-Evil: 1'");
  }

  @Test
  void detachValidatesToo() {
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("subscriptionTypeId", "");
    assertThatThrownBy(() -> detach.execute(Fixtures.context(vars)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessageContaining("subscriptionTypeId");
    assertThat(server.getRequestCount()).isZero();
  }

  /**
   * A value is checked as it will be sent: U+0000 trims to nothing, and a detach of "nothing" would
   * go to the subscriptions collection and could pass for "already detached".
   */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "subscriptionTypeId, '\u0000', got a value with a control character",
    "subscriptionTypeId, ' \u0000 ', got a value with a control character",
    "subscriptionTypeId, ' \t\u2003 ', got nothing",
    "subscriptionTypeId, '10\u00008', got a value with a control character",
    "subscriptionTypeId, '108\n109', got a value with a control character",
    "contactId, '\u0000', got a value with a control character",
    "contactId, 'abc\u0007def', got a value with a control character"
  })
  void anIdThatCleansToNothingOrHoldsAControlCharacterIsRefusedNamingItsField(
      String field, String value, String why) {
    for (Map<String, Object> vars :
        List.of(Fixtures.attachVariables(server), Fixtures.detachVariables(server))) {
      vars.put(field, value.translateEscapes());
      var task = vars.containsKey("consentType") ? attach : detach;
      if (task == detach) {
        vars.put("alreadyDetachedCountsAsSuccess", true);
      }
      assertThatThrownBy(() -> task.execute(Fixtures.context(vars)))
          .satisfies(Fixtures::isRefusedInput)
          .hasMessageStartingWith(field + ": must be the Intercom id of")
          .hasMessageEndingWith(why);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "contactEmail, email, '\u0000'",
    "contactEmail, email, 'ada@example.com\u0000'",
    "contactExternalId, external_id, 'cust\u00001'",
    "subscriptionTypeName, name, 'News\tletters'"
  })
  void aSearchedValueOrNameWithAControlCharacterIsRefusedWithoutACall(
      String field, String by, String value) {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    if (field.equals("subscriptionTypeName")) {
      vars.put("subscriptionTypeBy", by);
    } else {
      vars.put("contactBy", by);
    }
    vars.put(field, value.translateEscapes());
    assertThatThrownBy(() -> attach.execute(Fixtures.context(vars)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessageStartingWith(field + ": must be");
    assertThat(server.getRequestCount()).isZero();
  }

  /** The legal basis of Set consent, Attach and Detach: each refusal names its field. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gdpr|| legalBasis: must be none, consent, contract, legal_obligation",
        "|because| legalBasisExplanation: is kept only with a legal basis",
        "none|because| legalBasisExplanation: is kept only with a legal basis",
        "consent|LONG| legalBasisExplanation: must be at most 4000 characters"
      })
  void aLegalBasisThatIsNotOneOfTheSixIsRefusedByEveryChange(
      String basis, String explanation, String expected) {
    var service = Fixtures.service(new RecordingSleeper(clock), clock);
    List<Map<String, Object>> forms = new ArrayList<>();
    forms.add(Fixtures.attachVariables(server));
    forms.add(Fixtures.detachVariables(server));
    Map<String, Object> set = Fixtures.attachVariables(server);
    set.remove("consentType");
    set.put("contactAgrees", true);
    forms.add(set);
    List<IntercomTask<?>> tasks = List.of(attach, detach, new SetConsentFunction(service));
    for (int i = 0; i < tasks.size(); i++) {
      Map<String, Object> vars = forms.get(i);
      if (basis != null) {
        vars.put("legalBasis", basis);
      }
      if (explanation != null) {
        vars.put(
            "legalBasisExplanation", explanation.equals("LONG") ? "x".repeat(4001) : explanation);
      }
      IntercomTask<?> task = tasks.get(i);
      assertThatThrownBy(() -> task.execute(Fixtures.context(vars)))
          .as("%s", task.getClass().getSimpleName())
          .satisfies(Fixtures::isRefusedInput)
          .hasMessageStartingWith(expected.strip());
    }
    assertThat(server.getRequestCount()).isZero();
  }
}
