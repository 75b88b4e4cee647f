/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorExceptionBuilder;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything known about one failed call, and the one place that turns it into the exception a task
 * fails with: error code, a message naming Intercom's code, message, the HTTP status and the
 * request id, and the same facts as error variables. The access token is scrubbed from all of it.
 */
public record IntercomFailure(
    String errorCode,
    String summary,
    IntercomRequest request,
    Integer httpStatus,
    String intercomErrorCode,
    String intercomErrorMessage,
    String requestId,
    List<Map<String, Object>> errors,
    String mergedIntoContactId,
    int attempts) {

  private static final Pattern CANONICAL_CONTACT =
      Pattern.compile("</?contacts/([^>/]+)>\\s*;\\s*rel=\"?canonical\"?");

  /** A failure Intercom answered with an HTTP error status. */
  static IntercomFailure fromResponse(
      IntercomRequest request,
      int status,
      String body,
      String link,
      int attempts,
      ObjectMapper mapper) {
    String code = null;
    String message = null;
    String requestId = null;
    List<Map<String, Object>> errors = List.of();
    JsonNode json = parse(body, mapper);
    if (json != null) {
      requestId = text(json.get("request_id"));
      JsonNode list = json.get("errors");
      if (list != null && list.isArray()) {
        errors = new ArrayList<>();
        for (JsonNode e : list) {
          Map<String, Object> entry = new LinkedHashMap<>();
          putIfPresent(entry, "code", text(e.get("code")));
          putIfPresent(entry, "message", text(e.get("message")));
          putIfPresent(entry, "field", text(e.get("field")));
          errors.add(entry);
        }
        if (!list.isEmpty()) {
          code = text(list.get(0).get("code"));
          message = text(list.get(0).get("message"));
        }
      }
    }
    String merged = null;
    if (link != null) {
      Matcher m = CANONICAL_CONTACT.matcher(link);
      if (m.find()) {
        merged = m.group(1);
      }
    }
    String errorCode = errorCodeFor(status);
    String summary =
        json == null
            ? "Intercom answered HTTP " + status + " without a JSON error body"
            : "Intercom answered HTTP " + status;
    return new IntercomFailure(
        errorCode, summary, request, status, code, message, requestId, errors, merged, attempts);
  }

  /** A failure without an answer: connection refused or dropped, timeout. */
  static IntercomFailure network(IntercomRequest request, Exception cause, int attempts) {
    String kind =
        cause instanceof java.io.InterruptedIOException
            ? "no answer within the timeout"
            : "no answer (" + cause.getClass().getSimpleName() + ")";
    return new IntercomFailure(
        ErrorCodes.NETWORK_ERROR,
        "Intercom could not be reached: " + kind,
        request,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        attempts);
  }

  /** A success status with a body that is not a JSON object. */
  static IntercomFailure invalidResponse(IntercomRequest request, int status, String requestId) {
    return new IntercomFailure(
        ErrorCodes.INVALID_RESPONSE,
        "Intercom answered HTTP " + status + " with a body that is not a JSON object",
        request,
        status,
        null,
        null,
        requestId,
        List.of(),
        null,
        1);
  }

  static String errorCodeFor(int status) {
    return switch (status) {
      case 401 -> ErrorCodes.UNAUTHORIZED;
      case 403 -> ErrorCodes.FORBIDDEN;
      case 404 -> ErrorCodes.NOT_FOUND;
      case 409 -> ErrorCodes.CONFLICT;
      case 410 -> ErrorCodes.CONTACT_MERGED;
      case 429 -> ErrorCodes.RATE_LIMITED;
      case 408 -> ErrorCodes.UNAVAILABLE;
      default -> status >= 500 ? ErrorCodes.UNAVAILABLE : ErrorCodes.INVALID_REQUEST;
    };
  }

  IntercomFailure withAttempts(int count) {
    return new IntercomFailure(
        errorCode,
        summary,
        request,
        httpStatus,
        intercomErrorCode,
        intercomErrorMessage,
        requestId,
        errors,
        mergedIntoContactId,
        count);
  }

  /** The message of the task's failure or incident. */
  public String message() {
    StringBuilder sb = new StringBuilder(errorCode).append(": ").append(summary);
    if (intercomErrorCode != null || intercomErrorMessage != null) {
      sb.append(" [")
          .append(intercomErrorCode == null ? "?" : intercomErrorCode)
          .append(": ")
          .append(intercomErrorMessage == null ? "" : intercomErrorMessage)
          .append(']');
    }
    sb.append(" for ").append(request.describe());
    if (requestId != null) {
      sb.append(", request_id ").append(requestId);
    }
    if (mergedIntoContactId != null) {
      sb.append(", merged into contact ").append(mergedIntoContactId);
    }
    if (attempts > 1) {
      sb.append(", after ").append(attempts).append(" attempts");
    }
    return sb.toString();
  }

  /** The error variables ({@code error.variables} in an error expression). */
  public Map<String, Object> variables() {
    Map<String, Object> vars = new LinkedHashMap<>();
    putIfPresent(vars, "httpStatus", httpStatus);
    putIfPresent(vars, "intercomErrorCode", intercomErrorCode);
    putIfPresent(vars, "intercomErrorMessage", intercomErrorMessage);
    putIfPresent(vars, "requestId", requestId);
    vars.put("errors", errors);
    putIfPresent(vars, "mergedIntoContactId", mergedIntoContactId);
    vars.put("operation", request.describe());
    vars.put("attempts", attempts);
    return vars;
  }

  /**
   * The exception a task fails with. For a failure that a retry cannot mend (a 4xx other than 408
   * and 429) its cause is a {@link ConnectorInputException}: the connector runtime then sets the
   * job's retries to 0, so an incident (or the error expression) follows at once. Otherwise the
   * engine counts the job's retries down and tries again after the task's retry backoff.
   */
  public ConnectorException toException(String accessToken) {
    String text = Redaction.scrub(message(), accessToken);
    ConnectorExceptionBuilder builder =
        new ConnectorExceptionBuilder()
            .errorCode(errorCode)
            .message(text)
            .errorVariables(Redaction.scrub(variables(), accessToken));
    if (!isRetryable()) {
      builder.cause(
          new ConnectorInputException(
              "Intercom refused the request with HTTP " + httpStatus + "; retrying cannot help"));
    }
    return builder.build();
  }

  /** Whether trying the same call again later can succeed. */
  public boolean isRetryable() {
    return switch (errorCode) {
      case ErrorCodes.UNAVAILABLE,
          ErrorCodes.NETWORK_ERROR,
          ErrorCodes.RATE_LIMITED,
          ErrorCodes.INVALID_RESPONSE ->
          true;
      default -> false;
    };
  }

  /** Hands the job back to the engine, to be tried again after {@code backoff}. */
  public ConnectorRetryException toRetryException(String accessToken, Duration backoff) {
    return ConnectorRetryException.builder()
        .errorCode(errorCode)
        .message(
            Redaction.scrub(
                message()
                    + "; the job is handed back to be tried again in "
                    + Math.max(1, backoff.toSeconds())
                    + " s",
                accessToken))
        .backoffDuration(backoff)
        .build();
  }

  private static JsonNode parse(String body, ObjectMapper mapper) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = mapper.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
