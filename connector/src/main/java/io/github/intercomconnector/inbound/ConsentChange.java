/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.intercomconnector.steps.Results;
import java.util.List;

/**
 * What "Intercom: Consent changed" hands the process for one notification (the element's result
 * variable or result expression picks from it): the README's variable table, field for field.
 *
 * @param topic Intercom's topic, e.g. {@code granular.unsubscribe}
 * @param receives whether the person now receives the subscription type's messages (granular
 *     topics) or email at all (contact.subscribed/unsubscribed); null for merges and deletions
 * @param subscriptionType the type, for granular topics, as far as the notification names it
 * @param contact the person, as far as the notification names them
 * @param happenedAt when Intercom says it happened ({@code created_at}), ISO 8601 UTC
 * @param notificationId Intercom's notification id, the message id that makes a retry harmless
 * @param appId the Intercom app (workspace) that sent it
 * @param deliveryAttempts which delivery of the notification this was
 * @param consentEvidence the record of the change, in the form the tasks use for theirs
 * @param item Intercom's {@code data.item}, as sent
 */
public record ConsentChange(
    String topic,
    Boolean receives,
    SubscriptionTypeSeen subscriptionType,
    ContactSeen contact,
    String happenedAt,
    String notificationId,
    String appId,
    Integer deliveryAttempts,
    ChangeEvidence consentEvidence,
    JsonNode item) {

  /** A subscription type as the notification names it; name and model may be null. */
  public record SubscriptionTypeSeen(String id, String name, String consentType) {}

  /** A contact as the notification names it; any field may be null (a deletion names little). */
  public record ContactSeen(String id, String email, String externalId, String role) {}

  /** One contact in the evidence: no email, as in the tasks' evidence. */
  public record EvidenceContact(
      String id, String role, String foundBy, ChangeAction action, Boolean receives) {}

  /** The evidence record, with the fields of the tasks' {@code consentEvidence}. */
  public record ChangeEvidence(
      String task,
      ChangeAction action,
      Boolean receives,
      List<EvidenceContact> contacts,
      SubscriptionTypeSeen subscriptionType,
      String consentTypeSent,
      String at,
      String clock,
      List<String> requestIds,
      /** Where the answer came from: Intercom, the topic, and when (no wording). */
      Results.ConsentAnswerKept answer,
      String notificationId,
      String intercomVersion,
      String intercomHost) {}
}
