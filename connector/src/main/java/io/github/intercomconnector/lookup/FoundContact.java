/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

/**
 * A contact a task works on, and how it was found.
 *
 * @param id Intercom's id of the contact
 * @param role {@code user} or {@code lead}, or null when the process gave the id
 * @param foundBy {@code id}, {@code email} or {@code external_id}
 * @param mergedFrom the id (or external id) that named a contact since merged into this one
 */
public record FoundContact(String id, String role, String foundBy, String mergedFrom) {

  /**
   * The contact this one was merged into, Intercom's {@code canonicalId}, reached through this one.
   */
  public FoundContact mergedInto(String canonicalId) {
    return new FoundContact(canonicalId, role, foundBy, id);
  }
}
