/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import io.camunda.connector.api.inbound.CorrelationResult;
import io.camunda.connector.api.inbound.webhook.WebhookHttpResponse;
import java.util.Map;

/** The webhook's answers to Intercom: a status and one sentence, never a stack trace. */
final class Answers {

  private Answers() {}

  /**
   * The answer to Intercom for what the engine did. Written with {@code instanceof}, not a switch
   * over the SDK's sealed types: later SDKs add kinds of success (8.9: a message correlated, an
   * instance created with its result), which must count as delivered, not fail.
   */
  static WebhookHttpResponse forResult(CorrelationResult result) {
    if (result instanceof CorrelationResult.Success) {
      return answer(200, "Delivered.");
    }
    if (result instanceof CorrelationResult.Failure.ActivationConditionNotMet) {
      return answer(200, "The element's activation condition is not met; nothing started.");
    }
    if (result instanceof CorrelationResult.Failure.InvalidInput invalid) {
      return answer(422, "The element could not use the notification: " + invalid.message());
    }
    if (result instanceof CorrelationResult.Failure.ZeebeClientStatus status) {
      return switch (status.status()) {
        case "UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED" ->
            notNow("The engine is busy or unavailable; send the notification again.");
        default -> answer(500, "The engine refused the notification (" + status.status() + ").");
      };
    }
    return answer(500, "The notification could not be handed to the engine.");
  }

  /** What the activity log says of a hand-over; any kind of result a later SDK adds has words. */
  static String outcome(CorrelationResult result) {
    if (result instanceof CorrelationResult.Success.ProcessInstanceCreated created) {
      return "started process instance " + created.processInstanceKey();
    }
    if (result instanceof CorrelationResult.Success.MessagePublished published) {
      return "published as message " + published.messageKey();
    }
    if (result instanceof CorrelationResult.Success.MessageAlreadyCorrelated) {
      return "already delivered (same message id)";
    }
    if (result instanceof CorrelationResult.Failure failure) {
      return "not delivered: " + failure.message();
    }
    return "delivered (" + result.getClass().getSimpleName() + ")";
  }

  static WebhookHttpResponse answer(int status, String message) {
    return new WebhookHttpResponse(Map.of("message", message), Map.of(), status);
  }

  static WebhookHttpResponse notNow(String message) {
    return new WebhookHttpResponse(Map.of("message", message), Map.of("Retry-After", "60"), 503);
  }
}
