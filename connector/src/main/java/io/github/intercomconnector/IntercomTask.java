/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.outbound.JobContext;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.lookup.LookupException;

/**
 * What every Intercom task does around its own work: bind and validate its form, give it the job's
 * memory, run it, and turn failures into the documented errors ({@link IntercomErrors}).
 *
 * @param <F> the task's form record
 */
abstract class IntercomTask<F> implements OutboundConnectorFunction {

  private final Class<F> form;
  private final SubscriptionService service;

  IntercomTask(Class<F> form, SubscriptionService service) {
    this.form = form;
    this.service = service;
  }

  /** The task's form record. */
  final Class<F> form() {
    return form;
  }

  final SubscriptionService service() {
    return service;
  }

  @Override
  public final Object execute(OutboundConnectorContext context) {
    try {
      return executeOnce(context);
    } catch (ConnectorInputException e) {
      throw InputRefusals.oneLine(e);
    }
  }

  private Object executeOnce(OutboundConnectorContext context) {
    F input;
    try {
      input = context.bindVariables(form);
    } catch (RuntimeException e) {
      throw InputRefusals.plain(e);
    }
    JobContext job = context.getJobContext();
    long key = job == null ? 0 : job.getElementInstanceKey();
    JobMemory.Job memory = service.job(key);
    try {
      Object result = run(input, memory);
      service.ended(key);
      return result;
    } catch (SearchPending e) {
      throw IntercomErrors.handBack(e, JobRetries.of(job));
    } catch (IntercomApiException e) {
      if (e.retryAfter() != null) {
        boolean keep =
            service.rateLimitedFor(memory).compareTo(IntercomErrors.RATE_LIMIT_WAIT_KEEPING_RETRIES)
                <= 0;
        throw IntercomErrors.handBack(e, JobRetries.of(job), keep);
      }
      endIf(!e.isRetryable(), key);
      throw IntercomErrors.toConnectorException(e);
    } catch (SeveralContactsFailed e) {
      endIf(!e.retryable(), key);
      throw IntercomErrors.toConnectorException(e);
    } catch (LookupException e) {
      service.ended(key);
      throw IntercomErrors.toConnectorException(e);
    } catch (IntercomInputException e) {
      service.ended(key);
      throw IntercomErrors.toConnectorException(e);
    }
  }

  private void endIf(boolean ended, long key) {
    if (ended) {
      service.ended(key);
    }
  }

  /** The task's own work, in Intercom calls; {@code job} is kept between the job's attempts. */
  abstract Object run(F input, JobMemory.Job job);
}
