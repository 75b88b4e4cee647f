/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server that answers every request as Intercom answers an attach: 200 with the
 * subscription type, a request id and rate-limit headers that leave plenty of room. It keeps
 * nothing, so it can serve millions of calls.
 */
final class LoopbackIntercom implements AutoCloseable {

  static final String SUBSCRIPTION_TYPE =
      """
      {"type":"subscription","id":"108","state":"live","consent_type":"opt_in",\
      "default_translation":{"name":"Newsletters","description":"Product news, once a month",\
      "locale":"en"},"translations":[{"name":"Newsletters","description":"Product news, once a\
       month","locale":"en"}],"content_types":["email"]}\
      """;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(16);
  private final byte[] body = SUBSCRIPTION_TYPE.getBytes(StandardCharsets.UTF_8);
  private final String reset = String.valueOf(Instant.now().plusSeconds(86_400).getEpochSecond());

  LoopbackIntercom() throws IOException {
    // Answers go out at once, not held back by Nagle's algorithm waiting for the client's ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.setExecutor(threads);
    server.createContext("/", this::answer);
    server.start();
  }

  /** The server's base URL, {@code http://127.0.0.1:<port>}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    var headers = exchange.getResponseHeaders();
    headers.add("Content-Type", "application/json");
    headers.add("X-Request-Id", "000benchmark");
    headers.add("X-RateLimit-Limit", "1000000");
    headers.add("X-RateLimit-Remaining", "999999");
    headers.add("X-RateLimit-Reset", reset);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
