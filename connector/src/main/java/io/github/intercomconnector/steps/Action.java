/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a task did to a contact, and to all of them together: the {@code action} of the results and
 * the evidence, written as its lower-case name ({@code already_detached}).
 */
public enum Action {
  /** The subscription type was attached (opt in to an opt-in type, opt out of an opt-out type). */
  ATTACHED,
  /** The subscription type was detached: the contact falls back to the type's default. */
  DETACHED,
  /** Detach found the type not attached, and "already detached counts as success" was on. */
  ALREADY_DETACHED,
  /** Already in the wanted state: nothing was written. */
  UNCHANGED,
  /** Several contacts, not all with the same action (only for the whole, never for a contact). */
  MIXED,
  /** Get consent read the contact; nothing was written. */
  READ,
  /** Erase contact deleted the contact permanently. */
  DELETED,
  /** Erase contact archived the contact. */
  ARCHIVED,
  /** Erase contact found nobody to erase (only for the whole). */
  NOTHING_TO_ERASE,
  /** Set email opt-out set the global email opt-out: Intercom sends the contact no email. */
  UNSUBSCRIBED,
  /** Set email opt-out cleared it: email goes out again as the subscription types say. */
  RESUBSCRIBED,
  /** This contact's change failed: in the error's variables, never in a result. */
  FAILED;

  /** The action as results and evidence write it. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action of several contacts together: theirs when they agree, else {@link #MIXED}. */
  public Action and(Action other) {
    return this == other ? this : MIXED;
  }
}
