/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One run of an example process: what it is started with, the end event it must reach, and further
 * checks on the outcome and the workspace afterwards (a failure reason, or null).
 */
public record ExampleScenario(
    String name,
    String processId,
    String contactId,
    Map<String, Object> variables,
    String expectedEndEvent,
    Function<Check, String> check,
    Consumer<IntercomSandbox> prepare) {

  /** A scenario that needs nothing prepared in the sandbox. */
  public ExampleScenario(
      String name,
      String processId,
      String contactId,
      Map<String, Object> variables,
      String expectedEndEvent,
      Function<Check, String> check) {
    this(name, processId, contactId, variables, expectedEndEvent, check, sandbox -> {});
  }

  /** What a check sees: the instance's outcome and the contact's consents after it. */
  public record Check(
      ProcessOutcome outcome,
      Map<String, String> consentsBefore,
      Map<String, String> consentsAfter) {}
}
