/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.github.intercomconnector.client.IntercomApiException;
import java.util.List;
import java.util.Map;

/**
 * A task applied to every matching contact, and the change failed for some of them. Those done stay
 * done: the job's retry redoes only the others.
 *
 * @param first the first failure, which decides the error code and whether a retry can help
 * @param outcomes every contact with its outcome, for the error variables
 */
final class SeveralContactsFailed extends RuntimeException {

  private final IntercomApiException first;
  private final List<Map<String, Object>> outcomes;
  private final boolean retryable;

  SeveralContactsFailed(
      String message,
      IntercomApiException first,
      List<Map<String, Object>> outcomes,
      boolean retryable) {
    super(message);
    this.first = first;
    this.outcomes = List.copyOf(outcomes);
    this.retryable = retryable;
  }

  IntercomApiException first() {
    return first;
  }

  List<Map<String, Object>> outcomes() {
    return outcomes;
  }

  /** Whether every failure may pass on a retry. */
  boolean retryable() {
    return retryable;
  }
}
