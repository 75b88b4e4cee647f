/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends the workspace's webhook notifications as Intercom does: a {@code notification_event}
 * envelope, POSTed with {@code X-Hub-Signature: sha1=<HMAC-SHA1 of the body with the app's client
 * secret>}, an answer awaited for 5 s, and one more delivery after a delay when the answer is not
 * 2xx (Intercom waits a minute; tests choose less). Deliveries leave on a thread of their own,
 * after the change that caused them, as Intercom's do.
 */
public final class WebhookSender implements AutoCloseable {

  /** One delivery attempt and what came back (0 when nothing did). */
  public record Delivery(String notificationId, String topic, int attempt, int status) {}

  private final URI target;
  private final byte[] clientSecret;
  private final Duration retryDelay;
  private final String appId;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
  private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());

  public WebhookSender(
      URI target, String clientSecret, Duration retryDelay, String appId, Clock clock) {
    this.target = target;
    this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
    this.retryDelay = retryDelay;
    this.appId = appId;
    this.clock = clock;
  }

  /** Sends a notification of this topic about the item; returns its id. */
  public String notify(String topic, JsonNode item) {
    String id = "notif_" + UUID.randomUUID();
    long now = clock.instant().getEpochSecond();
    retries.execute(() -> deliver(id, topic, item, now, 1));
    return id;
  }

  /** Every attempt so far, in order. */
  public List<Delivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  private void deliver(String id, String topic, JsonNode item, long createdAt, int attempt) {
    ObjectNode envelope = SandboxState.JSON.createObjectNode();
    envelope.put("type", "notification_event");
    envelope.put("app_id", appId);
    envelope.putObject("data").put("type", "notification_event_data").set("item", item);
    envelope.put("id", id);
    envelope.put("topic", topic);
    envelope.put("delivery_status", attempt == 1 ? "pending" : "retry");
    envelope.put("delivery_attempts", attempt);
    envelope.put("first_sent_at", createdAt);
    envelope.put("created_at", createdAt);
    byte[] body = envelope.toString().getBytes(StandardCharsets.UTF_8);
    int status;
    try {
      HttpResponse<Void> answer =
          http.send(
              HttpRequest.newBuilder(target)
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .header("X-Hub-Signature", "sha1=" + HexFormat.of().formatHex(hmacSha1(body)))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      status = answer.statusCode();
    } catch (java.io.IOException e) {
      status = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 0;
    }
    deliveries.add(new Delivery(id, topic, attempt, status));
    if ((status < 200 || status > 299) && attempt == 1) {
      retries.schedule(
          () -> deliver(id, topic, item, createdAt, 2),
          retryDelay.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private byte[] hmacSha1(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(clientSecret, "HmacSHA1"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
  }
}
