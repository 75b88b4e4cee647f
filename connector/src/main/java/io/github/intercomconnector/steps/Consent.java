/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.model.ConsentTypes;

/**
 * What a subscription type's consent model means. Attaching an opt-in type opts the contact in;
 * attaching an opt-out type opts them out; a type left unattached is at its default: opt-in types
 * send nothing, opt-out types send.
 */
public final class Consent {

  private Consent() {}

  /** Whether a contact receives a type's messages: from its consent model and the attachment. */
  public static boolean receives(String consentType, boolean attached) {
    return ConsentTypes.OPT_IN.equals(consentType) == attached;
  }

  /**
   * Whether the contact must have the type attached for the person's yes or no: yes to an opt-in
   * type, no to an opt-out type.
   */
  public static boolean attachedFor(String consentType, boolean agrees) {
    return ConsentTypes.OPT_IN.equals(consentType) == agrees;
  }
}
