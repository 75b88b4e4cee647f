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
import io.camunda.connector.api.error.ConnectorRetryException;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.client.ClientMetrics;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contact a form names: by id, and the wait for a contact Intercom's search does not show yet.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContactsTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final TaskParts service =
      new TaskParts(Fixtures.client(new RecordingSleeper(clock), clock), property -> null, clock);
  private final AttachSubscriptionFunction attach = new AttachSubscriptionFunction(service);

  private Map<String, Object> byEmail(String email) {
    return Fixtures.attachByEmail(server, email);
  }

  @Test
  void aContactIdThatDoesNotExistFailsAtOnce() {
    server.enqueue(error(404, "not_found", "User Not Found", "r"));

    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () -> attach.execute(Fixtures.context(Fixtures.attachVariables(server))));

    assertThat(e.getErrorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void eachLookAgainIsCountedForOperators() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(registry);
    try {
      Map<String, Object> vars = byEmail(EMAIL);
      vars.put("contactSearchWaitSeconds", 30);
      server.enqueue(found(null));

      catchThrowableOfType(
          ConnectorRetryException.class,
          () -> attach.execute(new FakeJob(4712, 3).around(Fixtures.context(vars))));

      assertThat(registry.get(ClientMetrics.SEARCH_WAITS).counter().count()).isEqualTo(1);
    } finally {
      Metrics.globalRegistry.remove(registry);
    }
  }

  @Test
  void nobodyIsLookedForAgainThroughTheEngineUntilTheWaitHasPassed() {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("contactSearchWaitSeconds", 30);
    FakeJob job = new FakeJob(4711, 3);
    List<Duration> backoffs = new ArrayList<>();
    ConnectorException last = null;
    for (int look = 0; look < 10 && last == null; look++) {
      server.enqueue(found(null));
      RuntimeException e =
          catchThrowableOfType(
              RuntimeException.class, () -> attach.execute(job.around(Fixtures.context(vars))));
      if (e instanceof ConnectorRetryException pending) {
        assertThat(pending.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_SEARCH_PENDING);
        assertThat(pending.getRetries()).as("a wait keeps the job's retries").isEqualTo(3);
        assertThat(pending.getMessage()).doesNotContain(EMAIL).contains("a***@example.com");
        backoffs.add(pending.getBackoffDuration());
        clock.advance(pending.getBackoffDuration());
      } else {
        last = (ConnectorException) e;
      }
    }

    assertThat(backoffs)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(14));
    assertThat(last.getErrorCode()).isEqualTo(ErrorCodes.CONTACT_NOT_FOUND);
    assertThat(last.getMessage()).contains("after looking for 30 s");
    assertThat(last.getErrorVariables()).containsEntry("waitedSeconds", 30L);
  }

  @Test
  void aContactThatBecomesSearchableIsFound() throws Exception {
    Map<String, Object> vars = byEmail(EMAIL);
    vars.put("contactSearchWaitSeconds", 300);
    FakeJob job = new FakeJob(99, null);
    server.enqueue(found(null));
    ConnectorRetryException pending =
        catchThrowableOfType(
            ConnectorRetryException.class,
            () -> attach.execute(job.around(Fixtures.context(vars))));
    assertThat(pending.getRetries()).as("unknown retries: the runtime counts one down").isNull();
    clock.advance(pending.getBackoffDuration());
    server.enqueue(found(null, contact("c-1", "user", EMAIL, null)));
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(job.around(Fixtures.context(vars)));

    assertThat(Fixtures.contactsUsed(result))
        .isEqualTo(List.of(Fixtures.contact("c-1", "user", "email", null, "attached")));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void waitsAreWholeSecondsRoundedUp() {
    assertThat(Contacts.roundUpToSeconds(Duration.ofMillis(1500))).isEqualTo(Duration.ofSeconds(2));
    assertThat(Contacts.roundUpToSeconds(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(Contacts.roundUpToSeconds(Duration.ofMillis(200))).isEqualTo(Duration.ofSeconds(1));
  }
}
