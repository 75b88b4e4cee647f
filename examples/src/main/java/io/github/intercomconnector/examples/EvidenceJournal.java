/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the example processes keep what must outlast them, on loopback: an append-only journal of
 * evidence of consent ({@code POST /evidence}) and an outbox of the messages a process sends to a
 * person ({@code POST /outbox}). The processes call it with Camunda's REST connector, as they would
 * call an audit store or a mail service in a real cluster ({@code
 * {{secrets.EVIDENCE_JOURNAL_URL}}}, {@code {{secrets.OUTBOX_URL}}}). Entries can be appended and
 * read, never changed or removed; with a folder, each is also appended to a file there as one line
 * of JSON.
 */
public final class EvidenceJournal implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Path folder;
  private final List<JsonNode> evidence = new ArrayList<>();
  private final List<JsonNode> outbox = new ArrayList<>();

  private EvidenceJournal(Path folder) throws IOException {
    this.folder = folder;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/evidence", exchange -> append(exchange, evidence, "evidence.jsonl"));
    server.createContext("/outbox", exchange -> append(exchange, outbox, "outbox.jsonl"));
    server.start();
  }

  /** Starts a journal on a free loopback port; with a folder, entries are also written there. */
  public static EvidenceJournal start(Path folder) throws IOException {
    if (folder != null) {
      Files.createDirectories(folder);
    }
    return new EvidenceJournal(folder);
  }

  /** The URL processes append evidence to. */
  public String evidenceUrl() {
    return baseUrl() + "/evidence";
  }

  /** The URL processes send messages to. */
  public String outboxUrl() {
    return baseUrl() + "/outbox";
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The evidence appended so far, in order. */
  public synchronized List<JsonNode> evidence() {
    return List.copyOf(evidence);
  }

  /** The messages sent so far, in order. */
  public synchronized List<JsonNode> outbox() {
    return List.copyOf(outbox);
  }

  private void append(HttpExchange exchange, List<JsonNode> entries, String file)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        respond(exchange, 405, "{\"error\":\"only POST appends; entries are never changed\"}");
        return;
      }
      JsonNode entry;
      try {
        entry = JSON.readTree(exchange.getRequestBody().readAllBytes());
      } catch (IOException e) {
        respond(exchange, 400, "{\"error\":\"the body must be JSON\"}");
        return;
      }
      int position;
      synchronized (this) {
        entries.add(entry);
        position = entries.size();
        if (folder != null) {
          Files.writeString(
              folder.resolve(file),
              JSON.writeValueAsString(entry) + "\n",
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
      }
      respond(exchange, 201, "{\"entry\":" + position + "}");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
