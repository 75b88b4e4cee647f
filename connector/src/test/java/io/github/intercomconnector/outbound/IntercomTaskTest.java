/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static io.github.intercomconnector.testing.ContactJson.EMAIL;
import static io.github.intercomconnector.testing.ContactJson.contact;
import static io.github.intercomconnector.testing.ContactJson.found;
import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.error;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which jobs the runtime keeps in memory: those that will be tried again. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntercomTaskTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final AttachSubscriptionFunction attach = new AttachSubscriptionFunction(service);

  private Map<String, Object> byEmail(String email) {
    return Fixtures.attachByEmail(server, email);
  }

  @Test
  void theRuntimeForgetsAJobOnceItHasEndedAndKeepsOneThatWillBeTriedAgain() {
    server.enqueue(json(200, SUBSCRIPTION_108));
    attach.execute(new FakeJob(1, 3).around(Fixtures.context(Fixtures.attachVariables(server))));
    assertThat(service.jobsRemembered()).as("completed").isZero();

    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    catchThrowableOfType(
        ConnectorException.class,
        () ->
            attach.execute(
                new FakeJob(2, 3).around(Fixtures.context(Fixtures.attachVariables(server)))));
    assertThat(service.jobsRemembered()).as("to be tried again").isEqualTo(1);

    server.enqueue(error(404, "not_found", "User Not Found", "r"));
    catchThrowableOfType(
        ConnectorException.class,
        () ->
            attach.execute(
                new FakeJob(3, 3).around(Fixtures.context(Fixtures.attachVariables(server)))));
    assertThat(service.jobsRemembered()).as("refused for good").isEqualTo(1);

    Map<String, Object> waiting = byEmail(EMAIL);
    waiting.put("contactSearchWaitSeconds", 60);
    server.enqueue(found(null));
    catchThrowableOfType(
        ConnectorRetryException.class,
        () -> attach.execute(new FakeJob(4, 3).around(Fixtures.context(waiting))));
    assertThat(service.jobsRemembered()).as("looking again later").isEqualTo(2);

    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    catchThrowableOfType(
        ConnectorException.class,
        () -> attach.execute(new FakeJob(5, 3).around(Fixtures.context(byEmail(EMAIL)))));
    Map<String, Object> bad = byEmail(" ");
    Fixtures.refusedInput(() -> attach.execute(new FakeJob(6, 3).around(Fixtures.context(bad))));
    assertThat(service.jobsRemembered()).as("a lookup or input refused for good").isEqualTo(2);

    Map<String, Object> several = byEmail(EMAIL);
    several.put("whenSeveralContactsMatch", "all");
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(error(404, "not_found", "User Not Found", "r"));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "r" + i));
    }
    server.enqueue(
        found(null, contact("c-1", "user", EMAIL, null), contact("c-2", "lead", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));
    for (int i = 0; i < 3; i++) {
      server.enqueue(error(503, "service_unavailable", "later", "s" + i));
    }
    catchThrowableOfType(
        ConnectorException.class,
        () -> attach.execute(new FakeJob(7, 3).around(Fixtures.context(several))));
    assertThat(service.jobsRemembered()).as("a refused contact: for good").isEqualTo(2);
    catchThrowableOfType(
        ConnectorException.class,
        () -> attach.execute(new FakeJob(8, 3).around(Fixtures.context(several))));
    assertThat(service.jobsRemembered()).as("only transient failures: again").isEqualTo(3);
  }
}
