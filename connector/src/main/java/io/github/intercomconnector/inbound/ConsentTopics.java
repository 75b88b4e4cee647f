/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The choices of "Intercom: Consent changed" (outside its form record, whose every field the
 * template generator reads).
 */
public final class ConsentTopics {

  public static final String SIGNED = "required";
  public static final String UNSIGNED = "unsigned";
  public static final String DEFAULT_TOPICS =
      "granular.subscribe, granular.unsubscribe, contact.subscribed, contact.unsubscribed";

  /** The topics an element may listen to (Intercom's "Webhook models", 2.x). */
  public static final Set<String> KNOWN =
      Set.of(
          "granular.subscribe",
          "granular.unsubscribe",
          "contact.subscribed",
          "contact.unsubscribed",
          "contact.merged",
          "contact.deleted",
          "contact.archived");

  static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9]+([-_][A-Za-z0-9]+)*");

  private ConsentTopics() {}
}
