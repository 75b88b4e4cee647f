/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.util.List;
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
    Consumer<IntercomSandbox> prepare,
    Consumer<EngineProcesses> meanwhile) {

  /** A scenario that needs nothing prepared in the sandbox and nothing done while it runs. */
  public ExampleScenario(
      String name,
      String processId,
      String contactId,
      Map<String, Object> variables,
      String expectedEndEvent,
      Function<Check, String> check) {
    this(name, processId, contactId, variables, expectedEndEvent, check, sandbox -> {});
  }

  /** A scenario that prepares the sandbox before it starts. */
  public ExampleScenario(
      String name,
      String processId,
      String contactId,
      Map<String, Object> variables,
      String expectedEndEvent,
      Function<Check, String> check,
      Consumer<IntercomSandbox> prepare) {
    this(name, processId, contactId, variables, expectedEndEvent, check, prepare, p -> {});
  }

  /**
   * A run started by Intercom: the person acts in the sandbox ({@code personActs}), the sandbox
   * sends its signed webhook, and the process's webhook start event starts the instance.
   */
  public static ExampleScenario heardFromIntercom(
      String name,
      String processId,
      String contactId,
      Consumer<IntercomSandbox> personActs,
      String expectedEndEvent,
      Function<Check, String> check) {
    return new ExampleScenario(
        name, processId, contactId, null, expectedEndEvent, check, personActs, p -> {});
  }

  /** Whether Intercom's webhook starts the run (no variables are given). */
  public boolean startedInIntercom() {
    return variables == null;
  }

  /**
   * What a check sees: the instance's outcome, the contact's consents before and after it, what the
   * journal and the outbox received during the run, and the contact as the sandbox has it
   * afterwards (null without the sandbox, or when it is gone).
   */
  public record Check(
      ProcessOutcome outcome,
      Map<String, String> consentsBefore,
      Map<String, String> consentsAfter,
      List<JsonNode> evidenceKept,
      List<JsonNode> messagesSent,
      JsonNode contactAfter) {}
}
