/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deploys processes to the in-memory engine, starts instances and reads how they ended. */
public final class EngineProcesses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZeebeTestEngine engine;
  private final CamundaClient client;

  public EngineProcesses(ZeebeTestEngine engine, CamundaClient client) {
    this.engine = engine;
    this.client = client;
  }

  public void deployClasspath(String... resources) {
    var command = client.newDeployResourceCommand().addResourceFromClasspath(resources[0]);
    for (int i = 1; i < resources.length; i++) {
      command = command.addResourceFromClasspath(resources[i]);
    }
    command.send().join();
  }

  public void deploy(BpmnModelInstance model, String resourceName) {
    client.newDeployResourceCommand().addProcessModel(model, resourceName).send().join();
  }

  public long start(String processId, Map<String, Object> variables) {
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  /** Publishes a message, as the system that learns of the event would. */
  public void publish(String name, String correlationKey, Map<String, Object> variables) {
    client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(correlationKey)
        .variables(variables)
        .send()
        .join();
  }

  /** Starts an instance and waits until it completes or gets an incident. */
  public ProcessOutcome run(String processId, Map<String, Object> variables, Duration timeout) {
    return await(start(processId, variables), timeout);
  }

  /** Waits until the instance completes or gets an incident (or the timeout passes). */
  public ProcessOutcome await(long processInstanceKey, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      ProcessOutcome outcome = outcome(processInstanceKey);
      if (outcome.completed()
          || !outcome.incidents().isEmpty()
          || Instant.now().isAfter(deadline)) {
        return outcome;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return outcome;
      }
    }
  }

  /** The keys of the instances of this process the engine has started so far, in order. */
  public List<Long> instancesOf(String processId) {
    List<Long> keys = new ArrayList<>();
    for (var record : RecordStream.of(InMemoryEngines.records(engine)).processInstanceRecords()) {
      if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED
          && record.getValue().getBpmnElementType() == BpmnElementType.PROCESS
          && processId.equals(record.getValue().getBpmnProcessId())) {
        keys.add(record.getKey());
      }
    }
    return keys;
  }

  /** Waits until an instance beyond the first {@code earlier} ones has started; returns its key. */
  public long awaitNewInstance(String processId, int earlier, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> keys = instancesOf(processId);
      if (keys.size() > earlier) {
        return keys.get(earlier);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "No new instance of " + processId + " started within " + timeout.toSeconds() + " s");
  }

  /** What the engine's records say about the instance now. */
  public ProcessOutcome outcome(long processInstanceKey) {
    RecordStream records = RecordStream.of(InMemoryEngines.records(engine));
    boolean completed = false;
    String endEvent = null;
    for (Record<ProcessInstanceRecordValue> r : records.processInstanceRecords()) {
      ProcessInstanceRecordValue v = r.getValue();
      if (v.getProcessInstanceKey() != processInstanceKey
          || r.getIntent() != ProcessInstanceIntent.ELEMENT_COMPLETED) {
        continue;
      }
      if (v.getBpmnElementType() == BpmnElementType.END_EVENT) {
        endEvent = v.getElementId();
      } else if (v.getBpmnElementType() == BpmnElementType.PROCESS) {
        completed = true;
      }
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    Map<String, Object> localVariables = new LinkedHashMap<>();
    for (Record<VariableRecordValue> r : records.variableRecords()) {
      VariableRecordValue v = r.getValue();
      if (v.getProcessInstanceKey() != processInstanceKey) {
        continue;
      }
      (v.getScopeKey() == processInstanceKey ? variables : localVariables)
          .put(v.getName(), parse(v.getValue()));
    }
    List<ProcessOutcome.Incident> incidents = new ArrayList<>();
    for (Record<IncidentRecordValue> r : records.incidentRecords()) {
      IncidentRecordValue v = r.getValue();
      if (v.getProcessInstanceKey() == processInstanceKey
          && r.getIntent() == IncidentIntent.CREATED) {
        incidents.add(
            new ProcessOutcome.Incident(
                v.getErrorType().name(), v.getErrorMessage(), v.getElementId()));
      }
    }
    return new ProcessOutcome(
        processInstanceKey,
        completed,
        completed ? endEvent : null,
        variables,
        localVariables,
        incidents);
  }

  private static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (Exception e) {
      return json;
    }
  }
}
