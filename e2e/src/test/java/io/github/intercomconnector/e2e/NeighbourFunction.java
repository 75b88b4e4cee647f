/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.util.Map;

/**
 * Another connector in the same runtime, as trivial as can be: it says how long after its process
 * instance was created its job started, when, and on which thread. It stands for the REST or Slack
 * tasks that share the runtime's execution threads with the Intercom tasks.
 */
@OutboundConnector(
    name = "E2E neighbour",
    inputVariables = {"createdAtMillis"},
    type = NeighbourFunction.TYPE)
public class NeighbourFunction implements OutboundConnectorFunction {

  static final String TYPE = "io.github.intercomconnector.e2e:neighbour:1";

  /** The neighbour's input. */
  public record Input(long createdAtMillis) {}

  @Override
  public Object execute(OutboundConnectorContext context) {
    long started = System.currentTimeMillis();
    Input input = context.bindVariables(Input.class);
    return Map.of(
        "startedAfterMillis",
        started - input.createdAtMillis(),
        "startedAtMillis",
        started,
        "thread",
        Thread.currentThread().getName());
  }
}
