/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lookup that did not come to exactly one usable contact or subscription type. The message names
 * what was searched (emails masked) and what was found; {@link #details()} says the same as values,
 * for error variables.
 */
public final class LookupException extends RuntimeException {

  /** Why the lookup failed. */
  public enum Reason {
    /** No contact matches (after the search wait, when there is one). */
    CONTACT_NOT_FOUND,
    /** Several contacts match and the task wants one. */
    SEVERAL_CONTACTS,
    /** No subscription type has the name. */
    SUBSCRIPTION_TYPE_NOT_FOUND,
    /** Several live subscription types have the name. */
    SEVERAL_SUBSCRIPTION_TYPES,
    /** The only types with the name are drafts or archived. */
    SUBSCRIPTION_TYPE_NOT_LIVE
  }

  private final Reason reason;
  private final Map<String, Object> details;

  public LookupException(Reason reason, String message, Map<String, Object> details) {
    super(message);
    this.reason = reason;
    this.details = new LinkedHashMap<>(details);
  }

  public Reason reason() {
    return reason;
  }

  /** What was searched and found, for error variables. */
  public Map<String, Object> details() {
    return details;
  }
}
