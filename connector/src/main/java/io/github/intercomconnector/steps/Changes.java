/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.client.IntercomRequest.value;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomPaths;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.client.IntercomResponse;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.lookup.SubscriptionTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The two changes Intercom knows for a contact's subscription: attach a type, detach it. */
public final class Changes {

  private final SubscriptionTypes types;

  /** Changes that read a type's model, where needed, from the workspace's types as kept. */
  public Changes(SubscriptionTypes types) {
    this.types = types;
  }

  /** Attaches the type with the consent type sent, following a merged contact once. */
  public Applied attach(
      IntercomCalls calls, FoundContact contact, String typeId, String consentType) {
    Map<String, Object> body = new LinkedHashMap<>(4);
    body.put("id", typeId);
    body.put("consent_type", consentType);
    try {
      IntercomResponse answer =
          calls.send(
              IntercomRequest.post(
                  IntercomPaths.CONTACT_SUBSCRIPTIONS, body, value("contactId", contact.id())));
      return new Applied(contact, answer.body(), Action.ATTACHED);
    } catch (IntercomApiException e) {
      FoundContact canonical = Contacts.canonical(contact, e);
      if (canonical == null) {
        throw e;
      }
      return attach(calls, canonical, typeId, consentType);
    }
  }

  /**
   * Detaches the type, following a merged contact once. With {@code alreadyDetachedIsSuccess}, a
   * 404 for a contact that exists and does not have the type is {@code already_detached}; a 404
   * after this job's own earlier attempt lost its answer is {@code detached}.
   */
  public Applied detach(
      IntercomCalls calls,
      FoundContact contact,
      String typeId,
      boolean alreadyDetachedIsSuccess,
      JobMemory.Job job) {
    try {
      IntercomResponse answer =
          calls.send(
              IntercomRequest.delete(
                  IntercomPaths.CONTACT_SUBSCRIPTION,
                  value("contactId", contact.id()),
                  value("subscriptionTypeId", typeId)));
      return new Applied(contact, answer.body(), Action.DETACHED);
    } catch (IntercomApiException e) {
      FoundContact canonical = Contacts.canonical(contact, e);
      if (canonical != null) {
        return detach(calls, canonical, typeId, alreadyDetachedIsSuccess, job);
      }
      if (!e.hasStatus(404)) {
        if (e.isRetryable()) {
          job.unanswered(contact.id()); // the DELETE may have reached Intercom
        }
        throw e;
      }
      // Our own earlier attempt may have detached it and lost the answer.
      boolean ours = e.attempts() > 1 || job.wasUnanswered(contact.id());
      if (!alreadyDetachedIsSuccess && !ours) {
        throw e;
      }
      // Intercom says 404 both for a missing contact and for a subscription that is not
      // attached: the contact's own subscription list tells which.
      Set<String> attached;
      try {
        attached = Contacts.attachedIds(calls, contact);
      } catch (IntercomApiException lookup) {
        throw e; // contact missing (or the lookup failed): the original 404 stands
      }
      if (attached.contains(typeId)) {
        throw e; // still attached, so the 404 means something else
      }
      if (ours && !alreadyDetachedIsSuccess) {
        SubscriptionType type = types.byId(calls, typeId);
        return new Applied(
            contact,
            type == null ? Map.of("type", "subscription", "id", typeId) : type.model(),
            Action.DETACHED);
      }
      // The type's consent model, if the workspace's list is at hand, says what "receives" is.
      return new Applied(
          contact, null, Action.ALREADY_DETACHED, Results.Details.NONE, types.kept(calls, typeId));
    }
  }
}
