/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variables a process receives, topic by topic. */
class NotificationTest {

  static Map<String, Object> variables(String body) throws Notification.NotificationRefused {
    return Notification.parse(body.getBytes(StandardCharsets.UTF_8)).variables();
  }

  @SuppressWarnings("unchecked")
  @Test
  void aGranularUnsubscribeNamesTheTypeThePersonAndTheEvidence() throws Exception {
    Map<String, Object> v = variables(ConsentChangedWebhookTest.unsubscribe("notif_9"));
    assertThat(v)
        .containsEntry("topic", "granular.unsubscribe")
        .containsEntry("receives", false)
        .containsEntry("appId", "abc123")
        .containsEntry("deliveryAttempts", 1)
        .containsEntry("happenedAt", "2025-12-06T10:00:00Z")
        .containsEntry(
            "contact",
            Map.of(
                "id", "6650a1c0e5b1a2f3c4d5e601",
                "email", "ada@example.com",
                "externalId", "cust-1001",
                "role", "user"));
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) v.get("consentEvidence");
    assertThat(evidence)
        .containsEntry("task", "consentChanged")
        .containsEntry("action", "unsubscribed")
        .containsEntry("receives", false)
        .containsEntry("at", "2025-12-06T10:00:00Z")
        .containsEntry("clock", "intercom")
        .containsEntry("notificationId", "notif_9")
        .containsEntry(
            "answer",
            new java.util.HashMap<>(
                Map.of(
                    "source",
                    "intercom:granular.unsubscribe",
                    "answeredAt",
                    "2025-12-06T10:00:00Z")) {
              {
                put("wording", null);
              }
            })
        .containsEntry(
            "contacts",
            List.of(
                Map.of(
                    "id", "6650a1c0e5b1a2f3c4d5e601",
                    "role", "user",
                    "foundBy", "notification",
                    "action", "unsubscribed",
                    "receives", false)));
    assertThat(evidence.toString())
        .as("no email in the evidence")
        .doesNotContain("ada@example.com");
    assertThat(((Map<?, ?>) v.get("item")).get("type")).isEqualTo("subscription");
  }

  @SuppressWarnings("unchecked")
  @Test
  void aGranularSubscribeWithOnlyIdsStillNamesThem() throws Exception {
    Map<String, Object> v =
        variables(
            "{\"type\":\"notification_event\",\"id\":\"n1\",\"topic\":\"granular.subscribe\","
                + "\"data\":{\"item\":{\"type\":\"subscription\",\"subscription_type_id\":\"110\","
                + "\"contact_id\":\"c7\"}}}");
    assertThat(v).containsEntry("receives", true);
    assertThat((Map<String, Object>) v.get("subscriptionType")).containsEntry("id", "110");
    assertThat((Map<String, Object>) v.get("contact")).containsEntry("id", "c7");
    assertThat(v.get("happenedAt")).isNull();
  }

  @SuppressWarnings("unchecked")
  @Test
  void emailAsAWholeHasNoSubscriptionType() throws Exception {
    Map<String, Object> off =
        variables(
            "{\"type\":\"notification_event\",\"id\":\"n2\",\"topic\":\"contact.unsubscribed\","
                + "\"created_at\":1765015200,\"data\":{\"item\":{\"type\":\"contact\",\"id\":\"c8\","
                + "\"email\":\"grace@example.com\",\"role\":\"lead\"}}}");
    assertThat(off).containsEntry("receives", false).containsEntry("subscriptionType", null);
    assertThat((Map<String, Object>) off.get("contact"))
        .containsEntry("id", "c8")
        .containsEntry("role", "lead");
    assertThat(((Map<?, ?>) off.get("consentEvidence")).get("action"))
        .isEqualTo("email_unsubscribed");
    Map<String, Object> on =
        variables(
            "{\"type\":\"notification_event\",\"id\":\"n3\",\"topic\":\"contact.subscribed\","
                + "\"data\":{\"item\":{\"type\":\"contact\",\"id\":\"c8\"}}}");
    assertThat(on).containsEntry("receives", true);
    assertThat(((Map<?, ?>) on.get("consentEvidence")).get("action")).isEqualTo("email_subscribed");
  }

  @Test
  void mergesAndDeletionsSayNothingAboutReceiving() throws Exception {
    for (String topic : List.of("contact.merged", "contact.deleted", "contact.archived")) {
      Map<String, Object> v =
          variables(
              "{\"type\":\"notification_event\",\"id\":\"n4\",\"topic\":\""
                  + topic
                  + "\",\"data\":{\"item\":{\"type\":\"contact\",\"id\":\"c9\"}}}");
      assertThat(v).containsEntry("receives", null);
      assertThat(((Map<?, ?>) v.get("consentEvidence")).get("action"))
          .isEqualTo(topic.substring("contact.".length()));
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void aNotificationWithoutAnItemKeepsNothingUnderItem() throws Exception {
    Map<String, Object> v =
        variables("{\"type\":\"notification_event\",\"id\":\"n5\",\"topic\":\"contact.deleted\"}");
    assertThat(v.get("item")).isNull();
    assertThat(v).containsEntry("contact", null);
    assertThat(((Map<?, ?>) v.get("consentEvidence")).get("contacts")).isEqualTo(List.of());
  }

  @Test
  void aNotificationThatNamesNoPersonHasNoContactButKeepsItsItem() throws Exception {
    Map<String, Object> v =
        variables(
            "{\"type\":\"notification_event\",\"id\":\"n6\",\"topic\":\"granular.unsubscribe\","
                + "\"data\":{\"item\":{\"type\":\"subscription\",\"subscription_type_id\":\"7\","
                + "\"contact\":{\"type\":\"contact\",\"role\":\"user\"}}}}");
    assertThat(v).containsEntry("contact", null).containsEntry("receives", false);
    assertThat(v.get("item")).isNotNull();
    assertThat(((Map<?, ?>) v.get("consentEvidence")).get("contacts")).isEqualTo(List.of());
    for (String named :
        List.of("\"id\":\"c1\"", "\"email\":\"a@example.com\"", "\"external_id\":\"x1\"")) {
      Map<String, Object> one =
          variables(
              "{\"type\":\"notification_event\",\"id\":\"n7\",\"topic\":\"contact.deleted\","
                  + "\"data\":{\"item\":{\"type\":\"contact\","
                  + named
                  + "}}}");
      assertThat(one.get("contact")).as(named).isNotNull();
    }
  }

  @Test
  void itWasSentAtTheLaterOfCreatedAtAndFirstSentAt() throws Exception {
    String base = "{\"type\":\"notification_event\",\"id\":\"n8\",\"topic\":\"ping\"";
    assertThat(
            Notification.parse((base + ",\"created_at\":100,\"first_sent_at\":160}").getBytes())
                .sentAt())
        .isEqualTo(Instant.ofEpochSecond(160));
    assertThat(
            Notification.parse((base + ",\"created_at\":170,\"first_sent_at\":160}").getBytes())
                .sentAt())
        .isEqualTo(Instant.ofEpochSecond(170));
    assertThat(Notification.parse((base + ",\"created_at\":100}").getBytes()).sentAt())
        .isEqualTo(Instant.ofEpochSecond(100));
    assertThat(Notification.parse((base + ",\"first_sent_at\":160}").getBytes()).sentAt())
        .isEqualTo(Instant.ofEpochSecond(160));
    assertThat(Notification.parse((base + ",\"created_at\":\"100\"}").getBytes()).sentAt())
        .isNull();
    assertThat(Notification.parse((base + "}").getBytes()).sentAt()).isNull();
  }
}
