/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.testing;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;

/**
 * A local server standing in for Intercom that answers a request nobody scripted at once, with a
 * 599 naming itself, instead of blocking until a timeout: a test (or a mutant under mutation
 * testing) that sends one request too many fails fast.
 */
public final class LocalIntercom {

  private LocalIntercom() {}

  public static MockWebServer server() {
    QueueDispatcher dispatcher = new QueueDispatcher();
    dispatcher.setFailFast(
        new MockResponse.Builder()
            .code(599)
            .addHeader("Content-Type", "text/plain")
            .body("no answer was scripted for this request")
            .build());
    MockWebServer server = new MockWebServer();
    server.setDispatcher(dispatcher);
    return server;
  }
}
