/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.error.ConnectorException;
import io.github.intercomconnector.client.ErrorCodes;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.model.AttachSubscriptionRequest;
import io.github.intercomconnector.model.DetachSubscriptionRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What each Intercom task does, in terms of Intercom API calls. */
public final class SubscriptionOperations {

  static final String CONTACT_SUBSCRIPTIONS = "/contacts/{contact_id}/subscriptions";
  static final String CONTACT_SUBSCRIPTION = "/contacts/{contact_id}/subscriptions/{id}";

  private final IntercomClient client;

  public SubscriptionOperations(IntercomClient client) {
    this.client = client;
  }

  /** Attaches a subscription type to a contact; returns Intercom's subscription type model. */
  public Map<String, Object> attach(AttachSubscriptionRequest request) {
    IntercomSettings settings = IntercomSettings.from(request.connection());
    String contactId = request.contactId().trim();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", request.subscriptionTypeId().trim());
    body.put("consent_type", request.effectiveConsentType());
    return client.send(
        settings,
        IntercomRequest.post(CONTACT_SUBSCRIPTIONS, body, "contacts", contactId, "subscriptions"));
  }

  /**
   * Detaches a subscription type from a contact; returns Intercom's model of the removed type. With
   * "already detached counts as success", a 404 for a contact that exists returns {@code {"type":
   * "subscription", "id": …, "already_detached": true}}.
   */
  public Map<String, Object> detach(DetachSubscriptionRequest request) {
    IntercomSettings settings = IntercomSettings.from(request.connection());
    String contactId = request.contactId().trim();
    String subscriptionId = request.subscriptionTypeId().trim();
    try {
      return client.send(
          settings,
          IntercomRequest.delete(
              CONTACT_SUBSCRIPTION, "contacts", contactId, "subscriptions", subscriptionId));
    } catch (ConnectorException e) {
      if (!request.alreadyDetachedIsSuccess() || !ErrorCodes.NOT_FOUND.equals(e.getErrorCode())) {
        throw e;
      }
      // Intercom says 404 both for a missing contact and for a subscription that is not
      // attached: the contact's own subscription list tells which.
      Map<String, Object> attached;
      try {
        attached =
            client.send(
                settings,
                IntercomRequest.get(CONTACT_SUBSCRIPTIONS, "contacts", contactId, "subscriptions"));
      } catch (ConnectorException lookup) {
        throw e; // contact missing (or lookup failed): the original 404 stands
      }
      if (lists(attached, subscriptionId)) {
        throw e; // still attached, so the 404 means something else
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("type", "subscription");
      result.put("id", subscriptionId);
      result.put("already_detached", true);
      return result;
    }
  }

  private static boolean lists(Map<String, Object> list, String subscriptionId) {
    if (list.get("data") instanceof List<?> data) {
      for (Object entry : data) {
        if (entry instanceof Map<?, ?> m
            && Objects.equals(String.valueOf(m.get("id")), subscriptionId)) {
          return true;
        }
      }
    }
    return false;
  }
}
