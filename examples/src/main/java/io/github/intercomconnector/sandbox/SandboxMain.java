/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Intercom sandbox on its own. Settings come from the environment: SANDBOX_PORT (default
 * 0: a free port), SANDBOX_SEED (a seed JSON file; default: the example workspace), SANDBOX_TOKENS
 * (comma-separated accepted tokens), SANDBOX_GATEWAY_MODE (true: accept requests without a token),
 * SANDBOX_RATE_LIMIT, SANDBOX_RATE_LIMIT_WINDOW_SECONDS and SANDBOX_SEARCH_LAG_SECONDS (how long a
 * contact added while it runs stays out of search).
 */
public final class SandboxMain {

  private SandboxMain() {}

  public static void main(String[] args) throws Exception {
    var builder =
        IntercomSandbox.builder()
            .port(Integer.parseInt(env("SANDBOX_PORT", "0")))
            .tokens(IntercomSandbox.split(env("SANDBOX_TOKENS", "")).toArray(String[]::new))
            .gatewayMode(Boolean.parseBoolean(env("SANDBOX_GATEWAY_MODE", "false")))
            .rateLimit(
                Integer.parseInt(env("SANDBOX_RATE_LIMIT", "1666")),
                Integer.parseInt(env("SANDBOX_RATE_LIMIT_WINDOW_SECONDS", "10")))
            .searchLag(
                java.time.Duration.ofSeconds(
                    Long.parseLong(env("SANDBOX_SEARCH_LAG_SECONDS", "0"))));
    String seed = System.getenv("SANDBOX_SEED");
    if (seed != null && !seed.isBlank()) {
      builder.state(SandboxState.fromFile(Path.of(seed)));
    }
    IntercomSandbox sandbox = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
    System.out.println("Intercom sandbox listening on " + sandbox.baseUrl());
    new CountDownLatch(1).await();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
