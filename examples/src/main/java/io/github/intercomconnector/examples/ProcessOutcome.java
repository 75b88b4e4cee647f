/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import java.util.List;
import java.util.Map;

/**
 * How a process instance ended on the in-memory engine.
 *
 * @param endEventId the end event the instance completed at, or null while it has not completed
 * @param variables the process-level variables (JSON values parsed)
 * @param localVariables variables of inner scopes (tasks, events), last value by name
 * @param incidents the messages of the incidents raised for the instance
 */
public record ProcessOutcome(
    long processInstanceKey,
    boolean completed,
    String endEventId,
    Map<String, Object> variables,
    Map<String, Object> localVariables,
    List<Incident> incidents) {

  public record Incident(String errorType, String errorMessage, String elementId) {}

  public Object variable(String name) {
    return variables.get(name);
  }
}
