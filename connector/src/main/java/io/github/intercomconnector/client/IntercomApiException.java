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

  private IntercomApiException(
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

  /** The app's window was used up before the call was sent: nothing went to Intercom. */
  static IntercomApiException notSent(String operation, Duration retryAfter, int attempts) {
    return new IntercomApiException(
        Kind.RATE_LIMITED,
        "the rate limit of this Intercom app is used up for the current window",
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        retryAfter,
        attempts,
        operation);
  }

  /** No answer came: connection refused or dropped, a timeout, an interrupted wait. */
  static IntercomApiException noAnswer(
      String why, String operation, Duration retryAfter, int attempts) {
    return new IntercomApiException(
        Kind.NO_ANSWER,
        "Intercom could not be reached: " + why,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        retryAfter,
        attempts,
        operation);
  }

  /** A success status with a body that is not a JSON object. */
  static IntercomApiException invalidResponse(
      int status, String requestId, String operation, Duration retryAfter, int attempts) {
    return new IntercomApiException(
        Kind.INVALID_RESPONSE,
        "Intercom answered HTTP " + status + " with a body that is not a JSON object",
        status,
        null,
        null,
        requestId,
        List.of(),
        null,
        null,
        retryAfter,
        attempts,
        operation);
  }

  /**
   * What Intercom said when it answered with an error status, already scrubbed of the token: its
   * first error's code and message, its request id, the whole {@code errors} list, and the contact
   * a 410's {@code Link} names ({@code link} the URL, {@code mergedInto} its id).
   */
  record Said(
      boolean jsonBody,
      String code,
      String message,
      String requestId,
      List<Map<String, Object>> errors,
      String link,
      String mergedInto) {}

  /** Intercom answered with an error status: refused (4xx), rate limited (429) or unavailable. */
  static IntercomApiException answered(
      int status, Said said, String operation, Duration retryAfter, int attempts) {
    Kind kind =
        status == 429
            ? Kind.RATE_LIMITED
            : RetryPolicy.isTransient(status) ? Kind.UNAVAILABLE : Kind.REFUSED;
    return new IntercomApiException(
        kind,
        said.jsonBody()
            ? "Intercom answered HTTP " + status
            : "Intercom answered HTTP " + status + " without a JSON error body",
        status,
        said.code(),
        said.message(),
        said.requestId(),
        said.errors(),
        said.link(),
        said.mergedInto(),
        retryAfter,
        attempts,
        operation);
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
