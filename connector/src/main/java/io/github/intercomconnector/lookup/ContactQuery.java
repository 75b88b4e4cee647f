/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import java.time.Duration;

/**
 * How to find the contact(s) a task works on.
 *
 * @param by what the value is
 * @param value the contact id, email or external id, trimmed
 * @param field the form field the value came from, for messages
 * @param role which contacts may match a search
 * @param all whether every match is wanted, or exactly one
 * @param searchWait how long a search that finds nobody keeps looking
 */
public record ContactQuery(
    By by, String value, String field, Role role, boolean all, Duration searchWait) {

  /** What the process knows about the person. */
  public enum By {
    ID("id"),
    EMAIL("email"),
    EXTERNAL_ID("external_id");

    private final String field;

    By(String field) {
      this.field = field;
    }

    /** Intercom's name of the field, e.g. {@code external_id}: also how results say it. */
    public String intercomField() {
      return field;
    }
  }

  /** Which contacts may match. */
  public enum Role {
    ANY,
    USER,
    LEAD;

    /** Intercom's value of the role, or null for any. */
    public String intercomRole() {
      return this == ANY ? null : name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean accepts(String role) {
      return this == ANY || name().equalsIgnoreCase(role);
    }
  }

  /** The value as operators may read it: an email address is masked. */
  public String shownValue() {
    return PersonalData.mask(value);
  }
}
