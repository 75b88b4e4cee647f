/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.SubscriptionType;
import java.util.Map;

/**
 * What one change did to one contact: what the result returns of Intercom for it (the subscription
 * type's model, from Intercom's answer to the change or, where nothing was sent, as the workspace's
 * types hold it; for an erasure, the answer that confirmed it; null where there is none), the
 * action, what else the evidence says of the contact, and the subscription type as far as known.
 */
public record Applied(
    FoundContact contact,
    Map<String, Object> model,
    Action action,
    Results.Details details,
    SubscriptionType knownType) {

  /** A change whose answer is Intercom's model of the subscription type. */
  public Applied(FoundContact contact, Map<String, Object> model, Action action) {
    this(contact, model, action, Results.Details.NONE, typeOf(model));
  }

  /** The type an answer describes, or null for none. */
  static SubscriptionType typeOf(Map<String, Object> model) {
    return model == null ? null : SubscriptionType.of(model);
  }

  /** The contact's outcome as the evidence lists it. */
  public Results.ContactOutcome outcome() {
    return Results.ContactOutcome.of(contact, action, details);
  }
}
