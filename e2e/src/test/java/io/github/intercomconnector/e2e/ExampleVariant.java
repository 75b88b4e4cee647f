/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.io.InputStream;

/**
 * An example process from {@code examples/processes}, changed the way a Modeler user would change a
 * task's form (another region or base URL, an error expression), under its own process id so that
 * variants run side by side.
 */
final class ExampleVariant {

  private final BpmnModelInstance model;
  private final String processId;

  private ExampleVariant(BpmnModelInstance model, String processId) {
    this.model = model;
    this.processId = processId;
  }

  static ExampleVariant of(String exampleFile, String newProcessId) {
    try (InputStream in =
        ExampleVariant.class
            .getClassLoader()
            .getResourceAsStream(
                exampleFile.contains("/") ? exampleFile : "processes/" + exampleFile)) {
      if (in == null) {
        throw new IllegalArgumentException("No example process " + exampleFile);
      }
      BpmnModelInstance model = Bpmn.readModelFromStream(in);
      Process process = model.getModelElementsByType(Process.class).iterator().next();
      process.setId(newProcessId);
      return new ExampleVariant(model, newProcessId);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String processId() {
    return processId;
  }

  BpmnModelInstance model() {
    return model;
  }

  /**
   * Sets a template input of every Intercom task (e.g. "connection.baseUrl"). A base URL comes with
   * region "custom", as the Modeler shows the field only then.
   */
  ExampleVariant input(String target, String source) {
    if (target.equals("connection.baseUrl") && source != null) {
      input("connection.region", "custom");
    }
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      ZeebeIoMapping mapping = task.getSingleExtensionElement(ZeebeIoMapping.class);
      ZeebeInput existing =
          mapping.getInputs().stream()
              .filter(i -> i.getTarget().equals(target))
              .findFirst()
              .orElse(null);
      if (source == null) {
        if (existing != null) {
          mapping.removeChildElement(existing);
        }
        continue;
      }
      if (existing == null) {
        existing = model.newInstance(ZeebeInput.class);
        existing.setTarget(target);
        mapping.addChildElement(existing);
      }
      existing.setSource(source);
    }
    return this;
  }

  /** Sets a task header of every Intercom task (e.g. "errorExpression"). */
  ExampleVariant header(String key, String value) {
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskHeaders headers = task.getSingleExtensionElement(ZeebeTaskHeaders.class);
      ZeebeHeader existing =
          headers.getHeaders().stream()
              .filter(h -> h.getKey().equals(key))
              .findFirst()
              .orElse(null);
      if (existing == null) {
        existing = model.newInstance(ZeebeHeader.class);
        existing.setKey(key);
        headers.addChildElement(existing);
      }
      existing.setValue(value);
    }
    return this;
  }

  /** Gives every Intercom task another job type, keeping its inputs and headers. */
  ExampleVariant jobType(String type) {
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      task.getSingleExtensionElement(
              io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition.class)
          .setType(type);
    }
    return this;
  }

  /** Sets the job retries of every Intercom task. */
  ExampleVariant retries(int retries) {
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      task.getSingleExtensionElement(
              io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition.class)
          .setRetries(String.valueOf(retries));
    }
    return this;
  }
}
