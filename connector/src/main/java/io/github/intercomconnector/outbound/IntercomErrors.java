/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorExceptionBuilder;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.lookup.LookupException;
import io.github.intercomconnector.steps.Results;
import io.github.intercomconnector.steps.SearchPending;
import io.github.intercomconnector.steps.SeveralContactsFailed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one place where failures become what the Camunda runtime understands: a documented {@link
 * ErrorCodes error code}, a message naming Intercom's code, message, the HTTP status and the
 * request id, and the same facts as error variables.
 *
 * <ul>
 *   <li>A refusal (a 4xx other than 408 and 429) has a {@link ConnectorInputException} as its
 *       cause: the runtime sets the job's retries to 0, so the error expression or an incident
 *       follows at once.
 *   <li>A failure with a time to wait (a used-up rate limit) is a {@link ConnectorRetryException}
 *       with exactly that backoff.
 *   <li>Any other failure lets the engine count the job's retries down and try again after the
 *       task's retry backoff.
 * </ul>
 */
final class IntercomErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private IntercomErrors() {}

  /** The documented code of a failed call. */
  static String codeFor(IntercomApiException e) {
    return switch (e.kind()) {
      case REFUSED ->
          switch (e.httpStatus()) {
            case 401 -> ErrorCodes.UNAUTHORIZED;
            case 403 -> ErrorCodes.FORBIDDEN;
            case 404 -> ErrorCodes.NOT_FOUND;
            case 409 -> ErrorCodes.CONFLICT;
            case 410 -> ErrorCodes.CONTACT_MERGED;
            default -> ErrorCodes.INVALID_REQUEST;
          };
      case RATE_LIMITED -> ErrorCodes.RATE_LIMITED;
      case UNAVAILABLE -> ErrorCodes.UNAVAILABLE;
      case NO_ANSWER -> ErrorCodes.NETWORK_ERROR;
      case INVALID_RESPONSE -> ErrorCodes.INVALID_RESPONSE;
    };
  }

  /** The error variables ({@code error.variables} in an error expression). */
  static Map<String, Object> variables(IntercomApiException e) {
    Map<String, Object> vars = new LinkedHashMap<>();
    putIfPresent(vars, "httpStatus", e.httpStatus());
    putIfPresent(vars, "intercomErrorCode", e.intercomErrorCode());
    putIfPresent(vars, "intercomErrorMessage", e.intercomErrorMessage());
    putIfPresent(vars, "requestId", e.requestId());
    vars.put("errors", e.errors());
    putIfPresent(vars, "mergedIntoContactId", e.mergedIntoContactId());
    vars.put("operation", e.operation());
    vars.put("attempts", e.attempts());
    return vars;
  }

  /** The exception the task fails with. */
  static ConnectorException toConnectorException(IntercomApiException e) {
    String code = codeFor(e);
    String message = code + ": " + e.getMessage();
    ConnectorExceptionBuilder builder =
        new ConnectorExceptionBuilder()
            .errorCode(code)
            .message(message)
            .errorVariables(variables(e));
    if (!e.isRetryable()) {
      builder.cause(
          new ConnectorInputException(
              "Intercom refused the request with HTTP "
                  + e.httpStatus()
                  + "; retrying cannot help"));
    }
    return builder.build();
  }

  /** The documented code of a lookup that failed. */
  static String codeFor(LookupException e) {
    return switch (e.reason()) {
      case CONTACT_NOT_FOUND -> ErrorCodes.CONTACT_NOT_FOUND;
      case SEVERAL_CONTACTS -> ErrorCodes.SEVERAL_CONTACTS_MATCH;
      case SUBSCRIPTION_TYPE_NOT_FOUND -> ErrorCodes.SUBSCRIPTION_TYPE_NOT_FOUND;
      case SEVERAL_SUBSCRIPTION_TYPES -> ErrorCodes.SEVERAL_SUBSCRIPTION_TYPES_MATCH;
      case SUBSCRIPTION_TYPE_NOT_LIVE -> ErrorCodes.SUBSCRIPTION_TYPE_NOT_LIVE;
    };
  }

  /** A lookup that failed: the same lookup would fail again at once, so no retry. */
  static ConnectorException toConnectorException(LookupException e) {
    String code = codeFor(e);
    return new ConnectorExceptionBuilder()
        .errorCode(code)
        .message(code + ": " + e.getMessage())
        .errorVariables(e.details())
        .cause(new ConnectorInputException(e.getMessage()))
        .build();
  }

  /**
   * Some of several contacts failed. The first failure gives the code; the variables list every
   * contact with its outcome. A retry, when one can help, redoes only the failed ones.
   */
  static ConnectorException toConnectorException(SeveralContactsFailed e) {
    String code = codeFor(e.first());
    Map<String, Object> vars = variables(e.first());
    List<Map<String, Object>> contacts = new ArrayList<>();
    for (SeveralContactsFailed.Entry entry : e.entries()) {
      Results.ContactOutcome outcome = entry.outcome();
      if (entry.failure() != null) {
        outcome = outcome.failed(codeFor(entry.failure()), entry.failure().getMessage());
      }
      contacts.add(JSON.convertValue(outcome, OBJECT));
    }
    vars.put("contacts", contacts);
    ConnectorExceptionBuilder builder =
        new ConnectorExceptionBuilder()
            .errorCode(code)
            .message(code + ": " + e.getMessage())
            .errorVariables(vars);
    if (!e.retryable()) {
      builder.cause(
          new ConnectorInputException("a contact's change was refused; retrying cannot help"));
    }
    return builder.build();
  }

  /**
   * A job handed back to look again later. It keeps its retries when the runtime tells them: a wait
   * is not a failure.
   */
  static ConnectorRetryException handBack(SearchPending e, OptionalInt retries) {
    var builder =
        ConnectorRetryException.builder()
            .errorCode(ErrorCodes.CONTACT_SEARCH_PENDING)
            .message(ErrorCodes.CONTACT_SEARCH_PENDING + ": " + e.getMessage())
            .backoffDuration(e.backoff());
    retries.ifPresent(builder::retries);
    return builder.build();
  }

  /**
   * A call handed back to wait for the rate limit ({@link IntercomApiException#retryAfter()}).
   * Waiting is not failing: with {@code keepRetries} and the job's retries known, the job keeps
   * them; otherwise the wait counts one down, and the message says what is left.
   *
   * @param retries the job's retries now, when the runtime tells them
   * @param keptFor how long waiting keeps a job's retries (the operator's policy), for the message
   */
  static ConnectorRetryException handBack(
      IntercomApiException e, OptionalInt retries, boolean keepRetries, Duration keptFor) {
    String code = codeFor(e);
    long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
    StringBuilder message = new StringBuilder(code).append(": ").append(e.getMessage());
    var builder = ConnectorRetryException.builder().errorCode(code).backoffDuration(e.retryAfter());
    if (retries.isPresent() && keepRetries) {
      builder.retries(retries.getAsInt());
      message.append("; the job waits ").append(seconds).append(" s for its turn, retries kept");
    } else if (retries.isPresent()) {
      int left = Math.max(0, retries.getAsInt() - 1);
      builder.retries(left);
      message
          .append("; the job has waited for the rate limit longer than ")
          .append(words(keptFor))
          .append(", so this wait spends a retry: ")
          .append(left == 0 ? "none left" : left + " left, the next in " + seconds + " s");
    } else {
      message
          .append("; the job is handed back to wait ")
          .append(seconds)
          .append(" s, which the runtime counts as one of its retries");
    }
    return builder.message(message.toString()).build();
  }

  /** A duration as a person reads it: {@code 10 minutes}, {@code 90 seconds}, {@code 2 hours}. */
  static String words(Duration d) {
    long seconds = d.toSeconds();
    if (seconds % 3600 == 0 && seconds >= 3600) {
      return seconds / 3600 + (seconds == 3600 ? " hour" : " hours");
    }
    if (seconds % 60 == 0 && seconds >= 60) {
      return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
    }
    return seconds + (seconds == 1 ? " second" : " seconds");
  }

  /**
   * Bad input, with its code: the message stays the refusal's one sentence, and the refusal as the
   * cause makes the runtime set the job's retries to 0 (retrying cannot help).
   */
  static ConnectorException invalidInput(ConnectorInputException e) {
    return new ConnectorExceptionBuilder()
        .errorCode(ErrorCodes.INVALID_INPUT)
        .message(e.getMessage())
        .errorVariables(Map.of())
        .cause(e)
        .build();
  }

  /**
   * Bad input the connector found itself: no call was made and none will help. The message is made
   * one line, as the runtime's own refusals are (it may echo a value as given).
   */
  static ConnectorException invalidInput(IntercomInputException e) {
    return invalidInput(InputRefusals.oneLine(new ConnectorInputException(e.getMessage())));
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
