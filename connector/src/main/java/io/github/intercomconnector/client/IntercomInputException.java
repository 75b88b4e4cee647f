/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

/**
 * A value that cannot be sent to Intercom: a base URL, token, version or id. The message is one
 * sentence that names the field and what was expected, e.g. {@code connection.baseUrl: expected an
 * https URL ...}. Nothing was sent when this is thrown.
 */
public final class IntercomInputException extends IllegalArgumentException {

  private static final int MAX_VALUE_SHOWN = 40;

  private final String field;

  public IntercomInputException(String field, String expectation) {
    super(field + ": " + expectation);
    this.field = field;
  }

  /** A refused value as a refusal echoes it: its first 40 characters, then "…". */
  public static String cut(String value) {
    return value.length() > MAX_VALUE_SHOWN ? value.substring(0, MAX_VALUE_SHOWN) + "…" : value;
  }

  /** The field as the form names it, e.g. {@code contactId} or {@code connection.baseUrl}. */
  public String field() {
    return field;
  }
}
