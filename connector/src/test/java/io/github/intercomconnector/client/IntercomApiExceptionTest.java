/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message an operator reads: only what is known, in one line. */
class IntercomApiExceptionTest {

  private static IntercomApiException failure(
      String code, String message, String requestId, String mergedInto, int attempts) {
    return IntercomApiException.answered(
        400,
        new IntercomApiException.Said(true, code, message, requestId, List.of(), null, mergedInto),
        "POST /contacts/search",
        null,
        attempts);
  }

  @Test
  void theMessageSaysOnlyWhatIsKnown() {
    assertThat(failure(null, null, null, null, 1).getMessage())
        .isEqualTo("Intercom answered HTTP 400 for POST /contacts/search");
    assertThat(failure("bad", null, null, null, 1).getMessage())
        .isEqualTo("Intercom answered HTTP 400 [bad: ] for POST /contacts/search");
    assertThat(failure(null, "Bad query", null, null, 1).getMessage())
        .isEqualTo("Intercom answered HTTP 400 [?: Bad query] for POST /contacts/search");
    assertThat(failure("bad", "Bad query", "r-1", "c-2", 2).getMessage())
        .isEqualTo(
            "Intercom answered HTTP 400 [bad: Bad query] for POST /contacts/search, request_id"
                + " r-1, merged into contact c-2, after 2 attempts");
  }

  @Test
  void eachKindOfFailureHasItsFactoryAndOnlyARefusalIsNotRetryable() {
    IntercomApiException.Said nothing =
        new IntercomApiException.Said(false, null, null, "r-9", List.of(), null, null);
    IntercomApiException notSent = IntercomApiException.notSent("GET /x", Duration.ofSeconds(2), 1);
    IntercomApiException noAnswer = IntercomApiException.noAnswer("no answer", "GET /x", null, 3);
    IntercomApiException invalid =
        IntercomApiException.invalidResponse(200, "r-1", "GET /x", Duration.ZERO, 1);
    IntercomApiException refused = IntercomApiException.answered(404, nothing, "GET /x", null, 1);
    IntercomApiException limited = IntercomApiException.answered(429, nothing, "GET /x", null, 1);
    IntercomApiException down = IntercomApiException.answered(503, nothing, "GET /x", null, 1);

    assertThat(notSent.kind()).isEqualTo(IntercomApiException.Kind.RATE_LIMITED);
    assertThat(notSent.httpStatus()).isNull();
    assertThat(notSent.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(notSent.getMessage())
        .isEqualTo(
            "the rate limit of this Intercom app is used up for the current window for GET /x");
    assertThat(noAnswer.kind()).isEqualTo(IntercomApiException.Kind.NO_ANSWER);
    assertThat(noAnswer.getMessage())
        .isEqualTo("Intercom could not be reached: no answer for GET /x, after 3 attempts");
    assertThat(invalid.kind()).isEqualTo(IntercomApiException.Kind.INVALID_RESPONSE);
    assertThat(invalid.hasStatus(200)).isTrue();
    assertThat(invalid.getMessage())
        .isEqualTo(
            "Intercom answered HTTP 200 with a body that is not a JSON object for GET /x,"
                + " request_id r-1");
    assertThat(refused.kind()).isEqualTo(IntercomApiException.Kind.REFUSED);
    assertThat(refused.getMessage())
        .isEqualTo(
            "Intercom answered HTTP 404 without a JSON error body for GET /x, request_id r-9");
    assertThat(limited.kind()).isEqualTo(IntercomApiException.Kind.RATE_LIMITED);
    assertThat(down.kind()).isEqualTo(IntercomApiException.Kind.UNAVAILABLE);
    for (IntercomApiException e : List.of(notSent, noAnswer, invalid, refused, limited, down)) {
      assertThat(e.isRetryable())
          .as(e.kind().name())
          .isEqualTo(e.kind() != IntercomApiException.Kind.REFUSED);
      assertThat(e.hasStatus(400)).isFalse();
    }
  }
}
