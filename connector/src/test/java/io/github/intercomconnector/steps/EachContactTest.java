/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.testing.ContactJson.EMAIL;
import static io.github.intercomconnector.testing.ContactJson.contact;
import static io.github.intercomconnector.testing.ContactJson.found;
import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.github.intercomconnector.AttachSubscriptionFunction;
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
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The change for each of several contacts: a retry redoes only those that failed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EachContactTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final AttachSubscriptionFunction attach = new AttachSubscriptionFunction(service);

  private Map<String, Object> byEmail(String email) {
    return Fixtures.attachByEmail(server, email);
  }

  @Test
  void aRetryRedoesOnlyTheContactsThatFailed() throws Exception {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("whenSeveralContactsMatch", "all");
    FakeJob job = new FakeJob(123, 3);
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }

    ConnectorException failed =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(job.around(Fixtures.context(vars))));

    assertThat(failed.getErrorCode()).isEqualTo(ErrorCodes.UNAVAILABLE);
    assertThat(failed.getCause()).as("a retry can help").isNull();
    assertThat(failed.getMessage()).contains("failed for 1 of 2 matching contacts");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> outcomes =
        (List<Map<String, Object>>) failed.getErrorVariables().get("contacts");
    assertThat(outcomes)
        .extracting(o -> o.get("id") + "=" + o.get("action"))
        .containsExactly("c-1=attached", "c-2=failed");

    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    int before = server.getRequestCount();
    Object result = attach.execute(job.around(Fixtures.context(vars)));

    assertThat(server.getRequestCount() - before).as("a search and c-2 only").isEqualTo(2);
    for (int i = 0; i < before; i++) {
      server.takeRequest();
    }
    server.takeRequest();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/contacts/c-2/subscriptions");
    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(
            List.of(
                Fixtures.contact("c-1", "user", "email", null, "attached"),
                Fixtures.contact("c-2", "lead", "email", null, "attached")));
  }

  @Test
  void aRefusedContactAmongSeveralMeansARetryCannotHelp() {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("whenSeveralContactsMatch", "all");
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    server.enqueue(error(404, "not_found", "User Not Found", "r"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class, () -> attach.execute(Fixtures.context(vars)));

    assertThat(e.getErrorCode()).as("the first failure's code").isEqualTo(ErrorCodes.UNAVAILABLE);
    assertThat(e.getCause()).isInstanceOf(ConnectorInputException.class);
    assertThat(e.getMessage())
        .contains("failed for 2 of 2 matching contacts (a retry cannot help)");
  }
}
