/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.client.IntercomRequest.value;
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
import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.ratelimit.Turn;
import io.github.intercomconnector.testing.FakeJob;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
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

  // ---------------------------------------------------------------- EachContact on its own

  private static final FoundContact C1 = new FoundContact("c-1", "user", "email", null);
  private static final FoundContact C2 = new FoundContact("c-2", "lead", "email", null);

  /** A failure as the client reports it, from Intercom's answer given. */
  private IntercomApiException failure(MockResponse answer) {
    server.enqueue(answer);
    RecordedCalls calls =
        new RecordedCalls(
            Fixtures.client(new RecordingSleeper(clock), clock),
            Fixtures.settings(server),
            new Turn());
    return catchThrowableOfType(
        IntercomApiException.class,
        () -> calls.send(IntercomRequest.get("/contacts/{id}", value("contactId", "c"))));
  }

  @Test
  void eachContactIsChangedInOrderAndItsOutcomeKeptForTheJob() {
    JobMemory.Job job = new JobMemory(clock).of(1);
    List<String> changed = new ArrayList<>();

    List<Applied> applied =
        EachContact.apply(
            List.of(C1, C2),
            job,
            contact -> {
              changed.add(contact.id());
              return new Applied(contact, Map.of("id", "108"), Action.ATTACHED);
            });

    assertThat(changed).containsExactly("c-1", "c-2");
    assertThat(applied).extracting(a -> a.contact().id()).containsExactly("c-1", "c-2");
    assertThat(job.outcome("c-2").action()).isEqualTo(Action.ATTACHED);
    assertThat(job.model("c-2")).isEqualTo(Map.of("id", "108"));
  }

  @Test
  void aContactDoneInAnEarlierAttemptIsNotChangedAgain() {
    JobMemory.Job job = new JobMemory(clock).of(1);
    job.done("c-1", Results.ContactOutcome.of(C1, Action.DETACHED, null), Map.of("id", "37846"));
    List<String> changed = new ArrayList<>();

    List<Applied> applied =
        EachContact.apply(
            List.of(C1, C2),
            job,
            contact -> {
              changed.add(contact.id());
              return new Applied(contact, Map.of("id", "37846"), Action.DETACHED);
            });

    assertThat(changed).containsExactly("c-2");
    assertThat(applied.get(0).action()).isEqualTo(Action.DETACHED);
    assertThat(applied.get(0).model()).isEqualTo(Map.of("id", "37846"));
  }

  @Test
  void theOnlyContactsFailureIsThrownAsItIs() {
    IntercomApiException refused = failure(error(404, "not_found", "User Not Found", "r"));
    JobMemory.Job job = new JobMemory(clock).of(1);

    Throwable thrown =
        catchThrowableOfType(
            IntercomApiException.class,
            () ->
                EachContact.apply(
                    List.of(C1),
                    job,
                    contact -> {
                      throw refused;
                    }));

    assertThat(thrown).isSameAs(refused);
    assertThat(job.outcome("c-1")).isNull();
  }

  @Test
  void someOfSeveralFailingNameEveryContactAndWhetherARetryCanHelp() {
    IntercomApiException refused = failure(error(404, "not_found", "User Not Found", "r"));
    JobMemory.Job job = new JobMemory(clock).of(1);

    SeveralContactsFailed e =
        catchThrowableOfType(
            SeveralContactsFailed.class,
            () ->
                EachContact.apply(
                    List.of(C1, C2),
                    job,
                    contact -> {
                      if (contact == C1) {
                        throw refused;
                      }
                      return new Applied(contact, Map.of(), Action.ATTACHED);
                    }));

    assertThat(e.first()).isSameAs(refused);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .startsWith(
            "the change failed for 1 of 2 matching contacts (a retry cannot help); first: ");
    assertThat(e.entries())
        .extracting(entry -> entry.outcome().id() + "=" + entry.outcome().action().value())
        .containsExactly("c-1=failed", "c-2=attached");
    assertThat(e.entries().get(0).failure()).isSameAs(refused);
    assertThat(e.entries().get(1).failure()).isNull();
    assertThat(job.outcome("c-1")).as("failed: tried again").isNull();
    assertThat(job.outcome("c-2")).as("done: kept").isNotNull();
  }
}
