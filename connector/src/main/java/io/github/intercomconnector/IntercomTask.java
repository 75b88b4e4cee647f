/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomInputException;

/**
 * What every Intercom task does around its own work: bind and validate its form, run it, and turn
 * failures into the documented errors ({@link IntercomErrors}).
 *
 * @param <F> the task's form record
 */
abstract class IntercomTask<F> implements OutboundConnectorFunction {

  private final Class<F> form;

  IntercomTask(Class<F> form) {
    this.form = form;
  }

  /** The task's form record. */
  final Class<F> form() {
    return form;
  }

  @Override
  public final Object execute(OutboundConnectorContext context) {
    F input = context.bindVariables(form);
    try {
      return run(input);
    } catch (IntercomApiException e) {
      throw IntercomErrors.toConnectorException(e);
    } catch (IntercomInputException e) {
      throw IntercomErrors.toConnectorException(e);
    }
  }

  /** The task's own work, in Intercom calls. */
  abstract Object run(F input);
}
