/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import io.github.intercomconnector.client.RetryPolicy.AttemptResult;
import java.time.Duration;

/** One HTTP exchange, read to the end: what it came to, and what the answer held. */
record Exchange(
    AttemptResult outcome,
    IntercomResponse response,
    Integer status,
    String body,
    String link,
    String requestId) {

  static Exchange notSent(Duration gateWait) {
    return new Exchange(new AttemptResult.NotSent(gateWait), null, null, null, null, null);
  }
}
