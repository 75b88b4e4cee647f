/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A call to Intercom that failed, with everything an operator or a caller needs to decide: the HTTP
 * status, Intercom's error code and message, its {@code request_id}, its {@code errors} list, the
 * {@code Link} target of a 410 and how long to wait before trying again. The access token never
 * appears in any of it.
 */
public final class IntercomApiException extends RuntimeException {

  /** What kind of failure this is. */
  public enum Kind {
    /** A 4xx other than 408 and 429: the same call will be refused again. */
    REFUSED,
    /** 429, or the app's rate-limit window used up before sending. */
    RATE_LIMITED,
    /** 408 and 5xx: Intercom could not answer this time. */
    UNAVAILABLE,
    /** No answer at all: connection refused or dropped, timeout. */
    NO_ANSWER,
    /** A success status whose body is not a JSON object. */
    INVALID_RESPONSE
  }

  private final Kind kind;
  private final Integer httpStatus;
  private final String intercomErrorCode;
  private final String intercomErrorMessage;
  private final String requestId;
  private final List<Map<String, Object>> errors;
  private final String link;
  private final String mergedIntoContactId;
  private final Duration retryAfter;
  private final int attempts;
  private final String operation;

  IntercomApiException(
      Kind kind,
      String summary,
      Integer httpStatus,
      String intercomErrorCode,
      String intercomErrorMessage,
      String requestId,
      List<Map<String, Object>> errors,
      String link,
      String mergedIntoContactId,
      Duration retryAfter,
      int attempts,
      String operation) {
    super(
        message(
            summary,
            intercomErrorCode,
            intercomErrorMessage,
            operation,
            requestId,
            mergedIntoContactId,
            attempts));
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.intercomErrorCode = intercomErrorCode;
    this.intercomErrorMessage = intercomErrorMessage;
    this.requestId = requestId;
    this.errors = List.copyOf(errors);
    this.link = link;
    this.mergedIntoContactId = mergedIntoContactId;
    this.retryAfter = retryAfter;
    this.attempts = attempts;
    this.operation = operation;
  }

  private static String message(
      String summary,
      String code,
      String intercomMessage,
      String operation,
      String requestId,
      String mergedInto,
      int attempts) {
    StringBuilder sb = new StringBuilder(summary);
    if (code != null || intercomMessage != null) {
      sb.append(" [")
          .append(code == null ? "?" : code)
          .append(": ")
          .append(intercomMessage == null ? "" : intercomMessage)
          .append(']');
    }
    sb.append(" for ").append(operation);
    if (requestId != null) {
      sb.append(", request_id ").append(requestId);
    }
    if (mergedInto != null) {
      sb.append(", merged into contact ").append(mergedInto);
    }
    if (attempts > 1) {
      sb.append(", after ").append(attempts).append(" attempts");
    }
    return sb.toString();
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or null when Intercom did not answer (or was not asked). */
  public Integer httpStatus() {
    return httpStatus;
  }

  /** Whether Intercom answered with this status. */
  public boolean hasStatus(int status) {
    return httpStatus != null && httpStatus == status;
  }

  /** The code of Intercom's first error, e.g. {@code not_found}. */
  public String intercomErrorCode() {
    return intercomErrorCode;
  }

  public String intercomErrorMessage() {
    return intercomErrorMessage;
  }

  public String requestId() {
    return requestId;
  }

  /** Intercom's whole {@code errors} list, each with code, message and field where given. */
  public List<Map<String, Object>> errors() {
    return errors;
  }

  /** The target of the {@code Link} header (a 410's canonical contact), or null. */
  public String link() {
    return link;
  }

  /** For a 410: the id of the contact this one was merged into, or null. */
  public String mergedIntoContactId() {
    return mergedIntoContactId;
  }

  /**
   * How long a caller should wait before trying the call again, when Intercom or the rate-limit
   * view says so (a used-up window), or null: then the caller's own retry policy applies.
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** HTTP exchanges made for this call. */
  public int attempts() {
    return attempts;
  }

  /** The call, as Intercom documents it, e.g. {@code POST /contacts/{contact_id}/subscriptions}. */
  public String operation() {
    return operation;
  }

  /** Whether the same call can succeed later; a refusal cannot. */
  public boolean isRetryable() {
    return kind != Kind.REFUSED;
  }
}
