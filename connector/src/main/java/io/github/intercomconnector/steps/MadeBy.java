/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

/**
 * The process that made a change, as the job gave it: the process (id, version, definition key),
 * its instance, the element and its instance, the job's type and the tenant. Keys are written as
 * strings, as Camunda's REST API writes them, so that no JSON reader rounds them. Camunda 8.8's job
 * context gives no job key: the element instance key names the job's task.
 */
public record MadeBy(
    String bpmnProcessId,
    int processDefinitionVersion,
    String processDefinitionKey,
    String processInstanceKey,
    String elementId,
    String elementInstanceKey,
    String jobType,
    String tenantId) {}
