/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.lookup.FoundContact;
import java.util.Map;

/**
 * What one change did to one contact: Intercom's model it answered (if any), the action, what else
 * the evidence says of the contact, and the type's model as far as known.
 */
public record Applied(
    FoundContact contact,
    Map<String, Object> model,
    Action action,
    Results.Details details,
    Map<String, Object> knownType) {

  public Applied(FoundContact contact, Map<String, Object> model, Action action) {
    this(contact, model, action, Results.Details.NONE, model);
  }

  /** The contact's outcome as the evidence lists it. */
  public Results.ContactOutcome outcome() {
    return Results.ContactOutcome.of(contact, action, details);
  }
}
