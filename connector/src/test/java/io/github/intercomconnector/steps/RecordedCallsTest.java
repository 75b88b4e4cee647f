/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.client.IntercomRequest.value;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.ratelimit.Turn;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task's calls, recorded for its evidence: Intercom's request ids and Intercom's time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordedCallsTest {

  static final String CONTACT = "/contacts/{contact_id}";

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private RecordedCalls calls;

  @BeforeEach
  void callsToTheLocalServer() {
    calls =
        new RecordedCalls(
            Fixtures.client(new RecordingSleeper(clock), clock),
            Fixtures.settings(server),
            new Turn());
  }

  private static MockResponse answer(int code, String requestId, String date) {
    MockResponse.Builder answer = json(code, "{\"type\":\"x\"}").newBuilder();
    if (requestId != null) {
      answer.addHeader("X-Request-Id", requestId);
    }
    if (date != null) {
      answer.addHeader("Date", date);
    }
    return answer.build();
  }

  private IntercomRequest read() {
    return IntercomRequest.get(CONTACT, value("contactId", "c-1"));
  }

  @Test
  void everyRequestIdIsKeptInOrderThoseOfFailuresToo() {
    server.enqueue(answer(200, "r-1", null));
    server.enqueue(answer(200, null, null));
    server.enqueue(Fixtures.error(404, "not_found", "User Not Found", "r-2"));

    calls.send(read());
    calls.send(read());
    IntercomApiException e =
        catchThrowableOfType(IntercomApiException.class, () -> calls.send(read()));

    assertThat(e.requestId()).isEqualTo("r-2");
    assertThat(calls.requestIds()).containsExactly("r-1", "r-2");
    assertThat(calls.settings()).isNotNull();
  }

  @Test
  void intercomsTimeIsThatOfTheLastChangeElseOfTheLastAnswer() {
    assertThat(calls.intercomTime()).as("no answer yet").isNull();

    server.enqueue(answer(200, "r-1", "Sun, 22 Nov 2026 10:00:01 GMT"));
    calls.send(read());
    assertThat(calls.intercomTime()).isEqualTo(Instant.parse("2026-11-22T10:00:01Z"));

    server.enqueue(answer(200, "r-2", "Sun, 22 Nov 2026 10:00:02 GMT"));
    server.enqueue(answer(200, "r-3", "Sun, 22 Nov 2026 10:00:03 GMT"));
    server.enqueue(answer(200, "r-4", "Sun, 22 Nov 2026 10:00:04 GMT"));
    server.enqueue(answer(200, "r-5", null));
    calls.send(IntercomRequest.post(CONTACT + "/archive", null, value("contactId", "c-1")));
    calls.send(read());
    calls.send(IntercomRequest.post("/contacts/search", Map.of("query", Map.of())));
    calls.send(read());

    assertThat(calls.intercomTime())
        .as("the change's time: later reads and searches change nothing")
        .isEqualTo(Instant.parse("2026-11-22T10:00:02Z"));
  }
}
