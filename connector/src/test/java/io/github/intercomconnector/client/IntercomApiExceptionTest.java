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
    return new IntercomApiException(
        IntercomApiException.Kind.REFUSED,
        "Intercom answered HTTP 400",
        400,
        code,
        message,
        requestId,
        List.of(),
        null,
        mergedInto,
        null,
        attempts,
        "POST /contacts/search");
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
  void onlyARefusalIsNotRetryable() {
    for (IntercomApiException.Kind kind : IntercomApiException.Kind.values()) {
      IntercomApiException e =
          new IntercomApiException(
              kind, "x", null, null, null, null, List.of(), null, null, Duration.ZERO, 1, "GET /x");
      assertThat(e.isRetryable())
          .as(kind.name())
          .isEqualTo(kind != IntercomApiException.Kind.REFUSED);
      assertThat(e.hasStatus(400)).isFalse();
      assertThat(e.httpStatus()).isNull();
    }
  }
}
