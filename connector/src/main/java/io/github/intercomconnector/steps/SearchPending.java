/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import java.time.Duration;

/**
 * A search found nobody, but the contact may not be searchable yet: Intercom's search lags behind
 * new contacts. The job goes back to the engine and looks again after {@code backoff}.
 */
public final class SearchPending extends RuntimeException {

  private final Duration backoff;

  SearchPending(String message, Duration backoff) {
    super(message);
    this.backoff = backoff;
  }

  public Duration backoff() {
    return backoff;
  }
}
