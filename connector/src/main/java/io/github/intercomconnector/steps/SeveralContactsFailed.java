/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.client.IntercomApiException;
import java.util.List;

/**
 * A task applied to every matching contact, and the change failed for some of them. Those done stay
 * done: the job's retry redoes only the others.
 */
public final class SeveralContactsFailed extends RuntimeException {

  /** One contact's outcome, and for a contact whose change failed, the failure (else null). */
  public record Entry(Results.ContactOutcome outcome, IntercomApiException failure) {}

  private final IntercomApiException first;
  private final List<Entry> entries;
  private final boolean retryable;

  /**
   * @param first the first failure, which decides the error code and whether a retry can help
   * @param entries every contact with its outcome, for the error variables
   */
  SeveralContactsFailed(
      String message, IntercomApiException first, List<Entry> entries, boolean retryable) {
    super(message);
    this.first = first;
    this.entries = List.copyOf(entries);
    this.retryable = retryable;
  }

  public IntercomApiException first() {
    return first;
  }

  /** Every contact, in order, with its outcome. */
  public List<Entry> entries() {
    return entries;
  }

  /** Whether every failure may pass on a retry. */
  public boolean retryable() {
    return retryable;
  }
}
