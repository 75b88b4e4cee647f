/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.DetachSubscriptionFunction;
import io.github.intercomconnector.GetConsentFunction;
import io.github.intercomconnector.SetConsentFunction;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each task's form checks its own fields once bound: every refused field is named with what was
 * expected, all of them at once in the form's order, and nothing is sent. The values at the edges
 * of each range pass.
 */
class FormChecksTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final IntercomTask<?>[] tasks = parts();

  private IntercomTask<?>[] parts() {
    var service = Fixtures.service(new RecordingSleeper(clock), clock);
    return new IntercomTask<?>[] {
      new AttachSubscriptionFunction(service),
      new DetachSubscriptionFunction(service),
      new SetConsentFunction(service),
      new GetConsentFunction(service)
    };
  }

  /** Valid variables of each task, in the order of {@link #tasks}. */
  private List<Map<String, Object>> variables() {
    Map<String, Object> set = Fixtures.detachVariables(server);
    set.put("contactAgrees", true);
    Map<String, Object> get = new LinkedHashMap<>();
    get.put("connection", Fixtures.connection(server));
    get.put("contactId", "63a07ddf05a32042dffac965");
    return List.of(Fixtures.attachVariables(server), Fixtures.detachVariables(server), set, get);
  }

  private void assertEveryTaskRefuses(Consumer<Map<String, Object>> change, String message) {
    List<Map<String, Object>> all = variables();
    for (int i = 0; i < tasks.length; i++) {
      Map<String, Object> vars = all.get(i);
      change.accept(vars);
      OutboundConnectorFunction task = tasks[i];
      assertThatThrownBy(() -> task.execute(Fixtures.context(vars)))
          .as(task.getClass().getSimpleName())
          .satisfies(Fixtures::isRefusedInput)
          .hasMessage(message);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "connectTimeoutSeconds, 0, must be at least 1 second",
    "connectTimeoutSeconds, 301, must be at most 300 seconds",
    "readTimeoutSeconds, 0, must be at least 1 second",
    "readTimeoutSeconds, 301, must be at most 300 seconds",
    "callTimeoutSeconds, -5, must be at least 1 second",
    "callTimeoutSeconds, 601, must be at most 600 seconds"
  })
  void aTimeoutOutOfRangeIsRefusedByEveryTask(String field, int seconds, String expected) {
    assertEveryTaskRefuses(
        v -> Fixtures.connectionIn(v).put(field, seconds), "connection." + field + ": " + expected);
  }

  @Test
  void aFormWithoutALegalBasisPartHasNothingOfItRefused() {
    assertThatCode(() -> LegalBasis.check(null, new FormChecks()).done())
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingConnectionIsRefusedByEveryTask() {
    assertEveryTaskRefuses(v -> v.remove("connection"), "connection: must be given");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"-1, must be 0 or more seconds", "3601, must be at most 3600 seconds"})
  void aSearchWaitOutOfRangeIsRefusedByEveryTask(int seconds, String expected) {
    assertEveryTaskRefuses(
        v -> {
          v.put("contactBy", "email");
          v.put("contactEmail", "ada@example.com");
          v.put("contactSearchWaitSeconds", seconds);
        },
        "contactSearchWaitSeconds: " + expected);
  }

  @Test
  void aWordingOrSourceTooLongToKeepIsRefusedByTheTasksThatKeepEvidence() {
    String tooLong = "w".repeat(FormChecks.MAX_ANSWER_TEXT + 1);
    List<Map<String, Object>> all = variables();
    for (int i = 0; i < 3; i++) {
      Map<String, Object> vars = all.get(i);
      vars.put("consentWording", tooLong);
      vars.put("consentSource", tooLong);
      OutboundConnectorFunction task = tasks[i];
      assertThatThrownBy(() -> task.execute(Fixtures.context(vars)))
          .satisfies(Fixtures::isRefusedInput)
          .hasMessage(
              "consentWording: must be at most 4000 characters;"
                  + " consentSource: must be at most 4000 characters");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest(name = "consentType = {0}")
  @CsvSource(
      value = {"maybe", "OPT_IN", "''", "NULL"},
      nullValues = "NULL")
  void aConsentTypeThatIsNoneOfItsChoicesIsRefused(String consentType) {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.put("consentType", consentType);
    assertThatThrownBy(() -> tasks[0].execute(Fixtures.context(vars)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessage("consentType: must be opt_in, opt_out or expression");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void everyRefusedFieldIsNamedAtOnceInTheFormsOrder() {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    Fixtures.connectionIn(vars).put("connectTimeoutSeconds", 0);
    Fixtures.connectionIn(vars).put("callTimeoutSeconds", 601);
    vars.put("contactBy", "email");
    vars.put("contactEmail", "ada");
    vars.put("contactRole", "admin");
    vars.put("contactSearchWaitSeconds", -1);
    vars.put("subscriptionTypeBy", "name");
    vars.put("subscriptionTypeName", " ");
    vars.put("consentType", "maybe");
    vars.put("consentSource", "s".repeat(FormChecks.MAX_ANSWER_TEXT + 1));

    assertThatThrownBy(() -> tasks[0].execute(Fixtures.context(vars)))
        .satisfies(Fixtures::isRefusedInput)
        .hasMessage(
            "connection.connectTimeoutSeconds: must be at least 1 second;"
                + " connection.callTimeoutSeconds: must be at most 600 seconds;"
                + " contactEmail: must be the contact's email address, got a value without '@';"
                + " contactRole: must be any, user or lead, got 'admin';"
                + " contactSearchWaitSeconds: must be 0 or more seconds;"
                + " subscriptionTypeName: must be the name of a subscription type, got nothing;"
                + " consentType: must be opt_in, opt_out or expression;"
                + " consentSource: must be at most 4000 characters");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theValuesAtTheEdgesOfEachRangePass() {
    List<Map<String, Object>> all = variables();
    for (int i = 0; i < tasks.length; i++) {
      for (int edge = 0; edge < 2; edge++) {
        Map<String, Object> vars = new LinkedHashMap<>(all.get(i));
        Map<String, Object> connection = new LinkedHashMap<>(Fixtures.connectionIn(vars));
        connection.put("connectTimeoutSeconds", edge == 0 ? 1 : 300);
        connection.put("readTimeoutSeconds", edge == 0 ? 1 : 300);
        connection.put("callTimeoutSeconds", edge == 0 ? 1 : 600);
        vars.put("connection", connection);
        vars.put("contactSearchWaitSeconds", edge == 0 ? 0 : 3600);
        if (i < 3) {
          vars.put("consentWording", "w".repeat(edge == 0 ? 0 : FormChecks.MAX_ANSWER_TEXT));
          vars.put("consentSource", "s".repeat(edge == 0 ? 0 : FormChecks.MAX_ANSWER_TEXT));
        }
        server.enqueue(new MockResponse.Builder().code(401).build());
        OutboundConnectorFunction task = tasks[i];
        // Past the form's checks, the task calls Intercom, whose failure is another matter.
        assertThatThrownBy(() -> task.execute(Fixtures.context(vars)))
            .satisfies(e ->
                assertThat(e)
                    .isNotInstanceOf(ConnectorInputException.class)
                    .extracting("errorCode")
                    .isNotEqualTo(ErrorCodes.INVALID_INPUT));
      }
    }
    assertThat(server.getRequestCount()).isEqualTo(2 * tasks.length);
  }

  @ParameterizedTest(name = "consentType = {0}")
  @CsvSource({"opt_in", "opt_out", "expression"})
  void eachConsentTypeChoicePasses(String consentType) {
    Map<String, Object> vars = Fixtures.attachVariables(server);
    vars.put("consentType", consentType);
    vars.put("consentTypeExpression", "opt_out");
    var form = Fixtures.context(vars).bindVariables(tasks[0].form());
    assertThatCode(((CheckedForm) form)::check).doesNotThrowAnyException();
  }

  @Test
  void checksThatFindNothingRefuseNothing() {
    assertThatCode(() ->
            new FormChecks()
                .given("a", "x")
                .seconds("b", null, 1, 2)
                .seconds("b", 2, 1, 2)
                .atMost("c", null, 1)
                .atMost("c", "c", 1)
                .oneOf("d", "x", List.of("x"), "must be x")
                .connection(null)
                .done())
        .isInstanceOf(IntercomInputException.class)
        .hasMessage("connection: must be given");
    assertThatCode(() -> new FormChecks().contact(null).answer(null).done())
        .doesNotThrowAnyException();
  }

  /**
   * The runtime's Bean Validation would check a Jakarta constraint on a form, at a cost per call
   * larger than the rest of the connector's own work and with refusals that do not read like this
   * connector's: the forms check themselves instead (see {@link FormChecks}).
   */
  @Test
  void noFormCarriesAJakartaConstraint() throws Exception {
    List<String> found = new ArrayList<>();
    for (IntercomTask<?> task : tasks) {
      collect(task.form(), found);
    }
    assertThat(found).isEmpty();
  }

  private static void collect(Class<?> type, List<String> found) {
    if (!type.isRecord() || !type.getPackageName().startsWith("io.github.intercomconnector")) {
      return;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      List<Annotation> annotations = new ArrayList<>();
      annotations.addAll(List.of(component.getAnnotations()));
      annotations.addAll(List.of(component.getAccessor().getAnnotations()));
      annotations.addAll(List.of(component.getAnnotatedType().getAnnotations()));
      for (Annotation a : annotations) {
        if (a.annotationType().getPackageName().startsWith("jakarta.validation")) {
          found.add(type.getSimpleName() + "." + component.getName() + " @" + a);
        }
      }
      collect(component.getType(), found);
    }
  }
}
