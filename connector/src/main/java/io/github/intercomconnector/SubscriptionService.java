/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.client.IntercomRequest.value;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.model.AttachSubscriptionRequest;
import io.github.intercomconnector.model.DetachSubscriptionRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What each Intercom task means, in Intercom API calls: one method per task. */
public final class SubscriptionService {

  static final String CONTACT_SUBSCRIPTIONS = "/contacts/{contact_id}/subscriptions";
  static final String CONTACT_SUBSCRIPTION =
      "/contacts/{contact_id}/subscriptions/{subscription_id}";

  private final IntercomClient client;
  private final ConnectionSettings connections;

  public SubscriptionService(IntercomClient client, RuntimeEnvironment environment) {
    this.client = client;
    this.connections = new ConnectionSettings(environment);
  }

  /** The service all tasks of this runtime share: one client, the runtime's own environment. */
  public static SubscriptionService shared() {
    return Shared.SERVICE;
  }

  /** Created on first use, once, by the class loader. */
  private static final class Shared {
    static final SubscriptionService SERVICE =
        new SubscriptionService(IntercomClient.shared(), RuntimeEnvironment.SYSTEM);
  }

  /** "Attach subscription": returns Intercom's subscription type model. */
  public Map<String, Object> attach(AttachSubscriptionRequest request) {
    IntercomSettings settings = connections.from(request.connection());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", request.subscriptionTypeId().trim());
    body.put("consent_type", request.effectiveConsentType());
    return client
        .send(
            settings,
            IntercomRequest.post(
                CONTACT_SUBSCRIPTIONS, body, value("contactId", request.contactId().trim())))
        .body();
  }

  /**
   * "Detach subscription": returns Intercom's model of the removed type. With "already detached
   * counts as success", a 404 for a contact that exists returns {@code {"type": "subscription",
   * "id": …, "already_detached": true}}.
   */
  public Map<String, Object> detach(DetachSubscriptionRequest request) {
    IntercomSettings settings = connections.from(request.connection());
    String contactId = request.contactId().trim();
    String subscriptionId = request.subscriptionTypeId().trim();
    try {
      return client
          .send(
              settings,
              IntercomRequest.delete(
                  CONTACT_SUBSCRIPTION,
                  value("contactId", contactId),
                  value("subscriptionTypeId", subscriptionId)))
          .body();
    } catch (IntercomApiException e) {
      if (!request.alreadyDetachedIsSuccess() || !e.hasStatus(404)) {
        throw e;
      }
      // Intercom says 404 both for a missing contact and for a subscription that is not
      // attached: the contact's own subscription list tells which.
      Map<String, Object> attached;
      try {
        attached =
            client
                .send(
                    settings,
                    IntercomRequest.get(CONTACT_SUBSCRIPTIONS, value("contactId", contactId)))
                .body();
      } catch (IntercomApiException lookup) {
        throw e; // contact missing (or the lookup failed): the original 404 stands
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
