/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.client.IntercomResponse;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.ratelimit.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls of one task run, recorded for its evidence: Intercom's request id of each answer, and
 * the time Intercom gave (its {@code Date} header) for the last change, or else the last answer.
 */
public final class RecordedCalls implements IntercomCalls {

  private final IntercomClient client;
  private final IntercomSettings settings;
  private final Turn turn;
  private final List<String> requestIds = new ArrayList<>();
  private Instant lastChange;
  private Instant lastAnswer;

  public RecordedCalls(IntercomClient client, IntercomSettings settings, Turn turn) {
    this.client = client;
    this.settings = settings;
    this.turn = turn;
  }

  @Override
  public IntercomResponse send(IntercomRequest request) {
    try {
      IntercomResponse answer = client.send(settings, request, turn);
      record(answer.requestId());
      if (answer.date() != null) {
        lastAnswer = answer.date();
        if (!request.method().equals("GET") && !request.documentedPath().endsWith("/search")) {
          lastChange = answer.date();
        }
      }
      return answer;
    } catch (IntercomApiException e) {
      record(e.requestId());
      throw e;
    }
  }

  private void record(String requestId) {
    if (requestId != null) {
      requestIds.add(requestId);
    }
  }

  @Override
  public IntercomSettings settings() {
    return settings;
  }

  /** Intercom's request id of every answer, in order. */
  List<String> requestIds() {
    return List.copyOf(requestIds);
  }

  /** Intercom's time of the last change, else of the last answer, else null. */
  Instant intercomTime() {
    return lastChange != null ? lastChange : lastAnswer;
  }
}
