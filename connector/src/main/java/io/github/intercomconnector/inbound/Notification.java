/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.intercomconnector.inbound.ConsentChange.ChangeEvidence;
import io.github.intercomconnector.inbound.ConsentChange.ContactSeen;
import io.github.intercomconnector.inbound.ConsentChange.EvidenceContact;
import io.github.intercomconnector.inbound.ConsentChange.SubscriptionTypeSeen;
import io.github.intercomconnector.steps.Results;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One Intercom webhook notification, read from its (already verified) body. The envelope is
 * Intercom's "notification_event": {@code id} ({@code notif_…}), {@code topic}, {@code app_id},
 * {@code created_at}, {@code delivery_attempts}, {@code first_sent_at} and {@code data.item}
 * (Intercom developer docs, "Webhooks", "Webhook notification object").
 */
public record Notification(String id, String topic, JsonNode envelope) {

  public static final String PING = "ping";
  static final String ENVELOPE_TYPE = "notification_event";

  /** Intercom's ids and topics are short; a longer one is not Intercom's (and no message id). */
  static final int MAX_ID_LENGTH = 200;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Why a body is not a notification: the HTTP status and one sentence, echoing nothing. */
  public static final class NotificationRefused extends Exception {
    private final int status;

    NotificationRefused(int status, String sentence) {
      super(sentence, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Reads the envelope; a body that is not one is refused with a 400 naming what is wrong. */
  public static Notification parse(byte[] body) throws NotificationRefused {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(body);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new NotificationRefused(400, "The body is not JSON.");
    } catch (java.io.IOException e) {
      throw new NotificationRefused(400, "The body could not be read.");
    }
    if (envelope == null || !envelope.isObject()) {
      throw new NotificationRefused(400, "The body is not a JSON object.");
    }
    if (!ENVELOPE_TYPE.equals(envelope.path("type").asText(null))) {
      throw new NotificationRefused(400, "The body's type must be notification_event.");
    }
    String id = text(envelope, "id");
    String topic = text(envelope, "topic");
    if (id == null || topic == null) {
      throw new NotificationRefused(400, "A notification_event must have an id and a topic.");
    }
    if (id.length() > MAX_ID_LENGTH || topic.length() > MAX_ID_LENGTH) {
      throw new NotificationRefused(
          400, "A notification_event's id and topic are at most 200 characters.");
    }
    return new Notification(id, topic, envelope);
  }

  /** What the process receives for this notification. */
  public ConsentChange change() {
    JsonNode item = envelope.path("data").path("item");
    Boolean receives = receives(topic);
    SubscriptionTypeSeen type = topic.startsWith("granular.") ? subscriptionType(item) : null;
    ContactSeen contact = contact(item);
    String contactId = contact == null ? null : contact.id();
    String happenedAt = instant(envelope.path("created_at"));
    ChangeAction action = ChangeAction.of(topic);
    ChangeEvidence evidence =
        new ChangeEvidence(
            "consentChanged",
            action,
            receives,
            contactId == null
                ? List.of()
                : List.of(
                    new EvidenceContact(
                        contactId, contact.role(), "notification", action, receives)),
            type,
            null,
            happenedAt,
            "intercom",
            List.of(),
            new Results.ConsentAnswerKept(null, "intercom:" + topic, happenedAt),
            id,
            null,
            null);
    return new ConsentChange(
        topic,
        receives,
        type,
        contact,
        happenedAt,
        id,
        text(envelope, "app_id"),
        envelope.path("delivery_attempts").isInt()
            ? envelope.path("delivery_attempts").asInt()
            : null,
        evidence,
        item.isMissingNode() ? null : item);
  }

  /** The variables the process gets, as plain maps and lists. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> variables() {
    return JSON.convertValue(change(), Map.class);
  }

  static Boolean receives(String topic) {
    return switch (topic) {
      case "granular.subscribe", "contact.subscribed" -> Boolean.TRUE;
      case "granular.unsubscribe", "contact.unsubscribed" -> Boolean.FALSE;
      default -> null;
    };
  }

  /**
   * The subscription type of a granular notification (object "Subscription"): Intercom's reference
   * names the object but not its fields, so both a nested {@code subscription_type} and a {@code
   * subscription_type_id} are read; everything else stays in {@code item}.
   */
  static SubscriptionTypeSeen subscriptionType(JsonNode item) {
    JsonNode type = item.path("subscription_type");
    if (type.isObject()) {
      String name = text(type.path("default_translation"), "name");
      return new SubscriptionTypeSeen(
          text(type, "id"), name != null ? name : text(type, "name"), text(type, "consent_type"));
    }
    String id = text(item, "subscription_type_id");
    return id == null ? null : new SubscriptionTypeSeen(id, null, null);
  }

  /**
   * When Intercom sent this notification: the later of {@code created_at} and {@code first_sent_at}
   * (epoch seconds), so that a notification Intercom sent late is still judged by its first
   * sending; null when it names neither. A retry keeps both, so its age grows.
   */
  public Instant sentAt() {
    Instant created = epochSeconds(envelope.path("created_at"));
    Instant firstSent = epochSeconds(envelope.path("first_sent_at"));
    if (created == null || firstSent == null) {
      return created != null ? created : firstSent;
    }
    return created.isAfter(firstSent) ? created : firstSent;
  }

  /**
   * The person: the item itself for contact topics, its {@code contact} for granular ones; null
   * when the notification names nobody (no id, email or external id), so that a process can tell.
   */
  static ContactSeen contact(JsonNode item) {
    JsonNode contact = item.path("contact");
    if (!contact.isObject()) {
      contact = "contact".equals(text(item, "type")) ? item : MissingNode.getInstance();
    }
    String id = text(contact, "id");
    if (id == null) {
      id = text(item, "contact_id");
    }
    String email = text(contact, "email");
    String externalId = text(contact, "external_id");
    if (id == null && email == null && externalId == null) {
      return null;
    }
    return new ContactSeen(id, email, externalId, text(contact, "role"));
  }

  private static String instant(JsonNode epochSeconds) {
    Instant at = epochSeconds(epochSeconds);
    return at == null ? null : at.toString();
  }

  private static Instant epochSeconds(JsonNode value) {
    return value.isIntegralNumber() && value.canConvertToLong()
        ? Instant.ofEpochSecond(value.asLong())
        : null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isTextual() && !value.asText().isBlank()) {
      return value.asText();
    }
    return value.isNumber() ? value.asText() : null;
  }
}
