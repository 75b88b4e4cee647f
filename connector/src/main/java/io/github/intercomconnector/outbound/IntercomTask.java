/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.camunda.connector.api.outbound.JobContext;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.lookup.LookupException;
import io.github.intercomconnector.model.CheckedForm;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.MadeBy;
import io.github.intercomconnector.steps.SearchPending;
import io.github.intercomconnector.steps.SeveralContactsFailed;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Intercom task does around its own work: bind and validate its form, give it the job's
 * memory, run it, and turn failures into the documented errors ({@link IntercomErrors}).
 *
 * @param <F> the task's form record
 */
public abstract class IntercomTask<F extends CheckedForm> implements OutboundConnectorFunction {

  private static final Logger LOG = LoggerFactory.getLogger(IntercomTask.class);

  private final Class<F> form;
  private final TaskParts parts;

  protected IntercomTask(Class<F> form, TaskParts parts) {
    this.form = form;
    this.parts = parts;
  }

  /** The task's form record. */
  public final Class<F> form() {
    return form;
  }

  /** What all tasks of this runtime share: the steps, the client, the jobs' memory. */
  protected final TaskParts parts() {
    return parts;
  }

  @Override
  public final Object execute(OutboundConnectorContext context) {
    try {
      return executeOnce(context);
    } catch (IntercomInputException e) {
      throw logged(IntercomErrors.invalidInput(e), context);
    } catch (ConnectorInputException e) {
      // the runtime's own refusal, binding the variables to the form
      throw logged(IntercomErrors.invalidInput(InputRefusals.oneLine(e)), context);
    } catch (ConnectorRetryException e) {
      throw e; // a wait (rate limit, search), not a failure: the runtime logs it
    } catch (ConnectorException e) {
      throw logged(e, context);
    }
  }

  /**
   * A real failure, in one INFO line of this connector's own (task, instance, message; the message
   * masks emails and never holds the token), so that it stays visible where operators silence the
   * runtime's logging of every job handed back to wait (see the README).
   */
  private static <E extends RuntimeException> E logged(E e, OutboundConnectorContext context) {
    JobContext job = context.getJobContext();
    if (job == null) {
      LOG.info("An Intercom task failed: {}", e.getMessage());
    } else {
      LOG.info(
          "{} failed (process instance {}, element {}): {}",
          job.getType(),
          job.getProcessInstanceKey(),
          job.getElementId(),
          e.getMessage());
    }
    return e;
  }

  private Object executeOnce(OutboundConnectorContext context) {
    F input;
    try {
      input = context.bindVariables(form);
    } catch (RuntimeException e) {
      throw InputRefusals.plain(e);
    }
    input.check();
    JobContext job = context.getJobContext();
    long key = job == null ? 0 : job.getElementInstanceKey();
    JobMemory.Job memory = parts.job(key);
    if (job != null && memory.madeBy() == null) {
      memory.madeBy(madeBy(job));
    }
    try {
      Object result = run(input, memory);
      parts.ended(key);
      return result;
    } catch (SearchPending e) {
      throw IntercomErrors.handBack(e, JobRetries.of(job));
    } catch (IntercomApiException e) {
      if (e.retryAfter() != null) {
        Duration cap = parts.policies().waitKeepingRetries();
        boolean keep = parts.rateLimitedFor(memory).compareTo(cap) <= 0;
        throw IntercomErrors.handBack(e, JobRetries.of(job), keep, cap);
      }
      endIf(!e.isRetryable(), key);
      throw IntercomErrors.toConnectorException(e);
    } catch (SeveralContactsFailed e) {
      endIf(!e.retryable(), key);
      throw IntercomErrors.toConnectorException(e);
    } catch (LookupException e) {
      parts.ended(key);
      throw IntercomErrors.toConnectorException(e);
    } catch (IntercomInputException e) {
      parts.ended(key);
      throw e;
    }
  }

  /** The process, element and job, as the job context gives them (8.8 gives no job key). */
  private static MadeBy madeBy(JobContext job) {
    return new MadeBy(
        job.getBpmnProcessId(),
        job.getProcessDefinitionVersion(),
        String.valueOf(job.getProcessDefinitionKey()),
        String.valueOf(job.getProcessInstanceKey()),
        job.getElementId(),
        String.valueOf(job.getElementInstanceKey()),
        job.getType(),
        job.getTenantId());
  }

  private void endIf(boolean ended, long key) {
    if (ended) {
      parts.ended(key);
    }
  }

  /** The task's own work, in Intercom calls; {@code job} is kept between the job's attempts. */
  protected abstract Object run(F input, JobMemory.Job job);
}
