/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a consent change made inside Intercom did, as the event's evidence says it: one for each
 * topic the event hears, written as its lower-case name ({@code email_unsubscribed}).
 */
public enum ChangeAction {
  /** {@code granular.subscribe}: the contact subscribed to a subscription type. */
  SUBSCRIBED,
  /** {@code granular.unsubscribe}: the contact unsubscribed from a subscription type. */
  UNSUBSCRIBED,
  /** {@code contact.subscribed}: the global email opt-out was cleared. */
  EMAIL_SUBSCRIBED,
  /** {@code contact.unsubscribed}: the global email opt-out was set. */
  EMAIL_UNSUBSCRIBED,
  /** {@code contact.merged}: a lead was merged into a user. */
  MERGED,
  /** {@code contact.deleted}: the contact was deleted. */
  DELETED,
  /** {@code contact.archived}: the contact was archived. */
  ARCHIVED;

  /** The action of a topic the event hears ({@link ConsentTopics#KNOWN}). */
  static ChangeAction of(String topic) {
    return switch (topic) {
      case "granular.subscribe" -> SUBSCRIBED;
      case "granular.unsubscribe" -> UNSUBSCRIBED;
      case "contact.subscribed" -> EMAIL_SUBSCRIBED;
      case "contact.unsubscribed" -> EMAIL_UNSUBSCRIBED;
      case "contact.merged" -> MERGED;
      case "contact.deleted" -> DELETED;
      case "contact.archived" -> ARCHIVED;
      default -> throw new IllegalArgumentException("not a topic the event hears: " + topic);
    };
  }

  /** The action as the evidence writes it. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
