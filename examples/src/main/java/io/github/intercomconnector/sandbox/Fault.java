/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import java.time.Duration;

/**
 * A failure the sandbox plays instead of (or before) a normal answer, for the next {@code count}
 * matching requests.
 *
 * @param method HTTP method to match, or null for any
 * @param pathPrefix raw path prefix to match, or null for any
 */
public record Fault(
    Kind kind, int count, int status, Duration delay, String method, String pathPrefix) {

  public enum Kind {
    /** Answer {@code status} with an Intercom error body. */
    STATUS,
    /** Close the connection without answering. */
    DROP_CONNECTION,
    /** Wait {@code delay}, then answer normally. */
    SLOW,
    /** Answer {@code status} with a body that is cut-off JSON. */
    MALFORMED_JSON,
    /** Answer {@code status} with an HTML page, as a proxy would. */
    HTML,
    /** Do what the request asks, then close the connection without answering: a lost answer. */
    LOSE_ANSWER
  }

  public static Fault status(int status, int count) {
    return new Fault(Kind.STATUS, count, status, Duration.ZERO, null, null);
  }

  public static Fault dropConnection(int count) {
    return new Fault(Kind.DROP_CONNECTION, count, 0, Duration.ZERO, null, null);
  }

  public static Fault slow(Duration delay, int count) {
    return new Fault(Kind.SLOW, count, 200, delay, null, null);
  }

  public static Fault malformedJson(int status, int count) {
    return new Fault(Kind.MALFORMED_JSON, count, status, Duration.ZERO, null, null);
  }

  public static Fault html(int status, int count) {
    return new Fault(Kind.HTML, count, status, Duration.ZERO, null, null);
  }

  public static Fault loseAnswer(int count) {
    return new Fault(Kind.LOSE_ANSWER, count, 200, Duration.ZERO, null, null);
  }

  /** The same fault, only for requests with this method and raw path prefix. */
  public Fault on(String method, String pathPrefix) {
    return new Fault(kind, count, status, delay, method, pathPrefix);
  }

  boolean matches(String requestMethod, String rawPath) {
    return (method == null || method.equalsIgnoreCase(requestMethod))
        && (pathPrefix == null || rawPath.startsWith(pathPrefix));
  }

  Fault used() {
    return new Fault(kind, count - 1, status, delay, method, pathPrefix);
  }
}
