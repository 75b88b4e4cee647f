/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.util.List;

/**
 * The one refusal of input, wherever it is found: a form's field (its {@code check()}), a value as
 * it would be sent (an id, email or name), a connection setting, or a value the client itself will
 * not send (a path segment such as "..", a plain-http base URL). It lives here, at the bottom,
 * because the client refuses what it cannot send safely and every layer above reports the same kind
 * of refusal. The message names the field and what was expected, e.g. {@code connection.baseUrl:
 * expected an https URL ...}; several refusals of one form are joined by "; ". Nothing was sent
 * when this is thrown; the task turns it into the runtime's ConnectorInputException, with the code
 * INTERCOM_INVALID_INPUT.
 */
public final class IntercomInputException extends IllegalArgumentException {

  private static final int MAX_VALUE_SHOWN = 40;

  private final String field;

  public IntercomInputException(String field, String expectation) {
    super(field + ": " + expectation);
    this.field = field;
  }

  /**
   * Several refusals of one form, each "field: what was expected", in the form's order; {@link
   * #field} names the first.
   */
  public IntercomInputException(List<String> refusals) {
    super(String.join("; ", refusals));
    String first = refusals.get(0);
    this.field = first.substring(0, first.indexOf(':'));
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
