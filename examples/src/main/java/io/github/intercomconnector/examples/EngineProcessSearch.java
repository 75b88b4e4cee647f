/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessDefinition;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.Variable;
import io.camunda.client.impl.search.response.SearchResponseImpl;
import io.camunda.client.impl.search.response.SearchResponsePageImpl;
import io.camunda.connector.runtime.inbound.search.SearchQueryClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process-definition search the 8.8 connector runtime makes to find inbound connectors,
 * answered from the in-memory engine's own records of what it deployed.
 *
 * <p>A real cluster answers this search over the Camunda REST API (Operate's data); the in-memory
 * engine has no REST API. The runtime's own importer still polls this search and activates the
 * webhooks it finds, exactly as it does against a cluster: only where the answer comes from
 * differs. Element instances and variables (which the runtime reads for polling connectors only)
 * are never found here.
 */
public final class EngineProcessSearch implements SearchQueryClient {

  private static final String ALL = "all";

  private final ZeebeTestEngine engine;

  /**
   * The processes deployed so far, and how many of the engine's records have been read for them:
   * the runtime polls this search every few seconds, and reading the whole record stream each time
   * took the engine's cores from a webhook burst.
   */
  private final List<Process> deployed = new ArrayList<>();

  private int read;

  public EngineProcessSearch(ZeebeTestEngine engine) {
    this.engine = engine;
  }

  /** The latest version of each deployed process, as the real search filters it. */
  @Override
  public SearchResponse<ProcessDefinition> queryProcessDefinitions(String paginationIndex) {
    if (paginationIndex != null) {
      return new SearchResponseImpl<>(List.of(), new SearchResponsePageImpl(0L, null, null));
    }
    Map<String, Process> latest = new LinkedHashMap<>();
    for (Process process : deployed()) {
      String id = process.getTenantId() + "/" + process.getBpmnProcessId();
      Process known = latest.get(id);
      if (known == null || known.getVersion() < process.getVersion()) {
        latest.put(id, process);
      }
    }
    List<ProcessDefinition> items = new ArrayList<>();
    latest.values().forEach(process -> items.add(new Definition(process)));
    return new SearchResponseImpl<>(
        items, new SearchResponsePageImpl((long) items.size(), null, items.isEmpty() ? null : ALL));
  }

  @Override
  public BpmnModelInstance getProcessModel(long processDefinitionKey) {
    for (Process process : deployed()) {
      if (process.getProcessDefinitionKey() == processDefinitionKey) {
        return Bpmn.readModelFromStream(new ByteArrayInputStream(process.getResource()));
      }
    }
    throw new IllegalArgumentException(
        "The in-memory engine has deployed no process with key " + processDefinitionKey);
  }

  @Override
  public SearchResponse<ElementInstance> queryActiveFlowNodes(
      long processDefinitionKey, String elementId, String paginationIndex) {
    return new SearchResponseImpl<>(List.of(), new SearchResponsePageImpl(0L, null, null));
  }

  @Override
  public SearchResponse<Variable> queryVariables(
      long processInstanceKey, String variablePaginationIndex) {
    return new SearchResponseImpl<>(List.of(), new SearchResponsePageImpl(0L, null, null));
  }

  private synchronized List<Process> deployed() {
    List<Record<?>> added = InMemoryEngines.recordsFrom(engine, read);
    read += added.size();
    for (Record<?> record : added) {
      if (record.getValueType() == ValueType.PROCESS
          && record.getIntent() == ProcessIntent.CREATED
          && record.getValue() instanceof Process process) {
        deployed.add(process);
      }
    }
    return List.copyOf(deployed);
  }

  /** One process definition as the search returns it. */
  private record Definition(Process process) implements ProcessDefinition {
    @Override
    public long getProcessDefinitionKey() {
      return process.getProcessDefinitionKey();
    }

    @Override
    public String getName() {
      return process.getBpmnProcessId();
    }

    @Override
    public String getResourceName() {
      return process.getResourceName();
    }

    @Override
    public int getVersion() {
      return process.getVersion();
    }

    @Override
    public String getVersionTag() {
      return process.getVersionTag();
    }

    @Override
    public String getProcessDefinitionId() {
      return process.getBpmnProcessId();
    }

    @Override
    public String getTenantId() {
      return process.getTenantId();
    }

    @Override
    public Boolean getHasStartForm() {
      return false;
    }
  }
}
