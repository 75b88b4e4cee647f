/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.testing;

import io.camunda.connector.api.document.Document;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentReference;
import io.camunda.connector.api.outbound.JobContext;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import java.util.Map;

/**
 * A job as the Camunda runtime hands it to a connector: an element instance key, and the activated
 * job (with its retries) held inside the job context, as the runtime's own job context holds it.
 */
public class FakeJob implements JobContext {

  /** What the runtime's activated job offers that the connector reads. */
  public interface ActivatedJob {
    int getRetries();
  }

  private final long elementInstanceKey;
  private final ActivatedJob activatedJob;

  public FakeJob(long elementInstanceKey, Integer retries) {
    this.elementInstanceKey = elementInstanceKey;
    this.activatedJob = retries == null ? null : () -> retries;
  }

  /** The context of this job: the given context's variables and this job. */
  public OutboundConnectorContext around(OutboundConnectorContext variables) {
    FakeJob job = this;
    return new OutboundConnectorContext() {
      @Override
      public JobContext getJobContext() {
        return job;
      }

      @Override
      public <T> T bindVariables(Class<T> type) {
        return variables.bindVariables(type);
      }

      @Override
      public Document resolve(DocumentReference reference) {
        return variables.resolve(reference);
      }

      @Override
      public Document create(DocumentCreationRequest request) {
        return variables.create(request);
      }
    };
  }

  @Override
  public long getElementInstanceKey() {
    return elementInstanceKey;
  }

  @Override
  public Map<String, String> getCustomHeaders() {
    return Map.of();
  }

  @Override
  public String getVariables() {
    return "{}";
  }

  @Override
  public String getType() {
    return "test";
  }

  @Override
  public long getProcessInstanceKey() {
    return 1;
  }

  @Override
  public String getBpmnProcessId() {
    return "test";
  }

  @Override
  public int getProcessDefinitionVersion() {
    return 1;
  }

  @Override
  public long getProcessDefinitionKey() {
    return 1;
  }

  @Override
  public String getElementId() {
    return "task";
  }

  @Override
  public String getTenantId() {
    return "<default>";
  }

  /** Abstract in JobContext from 8.10 on (compat/run compiles the tests against it). */
  public long getJobKey() {
    return elementInstanceKey + 1;
  }
}
