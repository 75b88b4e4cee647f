/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import static io.github.intercomconnector.inbound.ConsentChangedWebhookTest.INTERCOM;
import static io.github.intercomconnector.inbound.ConsentChangedWebhookTest.NOW;
import static io.github.intercomconnector.inbound.ConsentChangedWebhookTest.STARTS;
import static io.github.intercomconnector.inbound.ConsentChangedWebhookTest.form;
import static io.github.intercomconnector.inbound.ConsentChangedWebhookTest.message;
import static io.github.intercomconnector.inbound.ConsentChangedWebhookTest.signed;
import static io.github.intercomconnector.inbound.ConsentChangedWebhookTest.unsubscribe;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.camunda.connector.api.inbound.Health;
import io.camunda.connector.api.inbound.webhook.Part;
import io.camunda.connector.api.inbound.webhook.WebhookHttpResponse;
import io.camunda.connector.api.inbound.webhook.WebhookProcessingPayload;
import io.github.intercomconnector.inbound.ConsentChangedWebhookTest.Request;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The webhook's trust rules, tried as an attacker would: before and during activation, with a
 * setting missing, with a replayed or doubly signed notification, and with a flood of forgeries.
 */
class WebhookTrustTest {

  private final Map<String, String> runtime = new HashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private ConsentChangedWebhook webhook;
  private RecordingInboundContext context;

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.deactivate();
    }
    RequestContextHolder.resetRequestAttributes();
  }

  private ConsentChangedWebhook webhook(Clock clock) {
    return new ConsentChangedWebhook(
        Duration.ofSeconds(3), runtime::get, clock, new Refusals(meters, nanos::get));
  }

  private void listen(Map<String, Object> form, Clock clock) {
    context = new RecordingInboundContext(Map.of("inbound", form), STARTS);
    webhook = webhook(clock);
    webhook.activate(context);
  }

  private double refused(String reason) {
    var counter =
        meters.find(Refusals.METRIC).tag("webhook", "intercom-consent").tag("reason", reason);
    return counter.counter() == null ? 0 : counter.counter().count();
  }

  private static String sentAt(String id, long createdAt, long firstSentAt) {
    return unsubscribe(id)
        .replace("\"created_at\":1765015200", "\"created_at\":" + createdAt)
        .replace("\"first_sent_at\":1765015201", "\"first_sent_at\":" + firstSentAt);
  }

  @Test
  void beforeActivationEveryRequestIsAnswered503AndNothingIsRead() {
    context = new RecordingInboundContext(Map.of("inbound", form()), STARTS);
    webhook = webhook(NOW);
    Request unsigned = new Request(Map.of(), unsubscribe("notif_early").getBytes());
    for (Request request : List.of(unsigned, signed(unsubscribe("notif_early2")))) {
      WebhookHttpResponse answer = webhook.verify(request);
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers()).containsEntry("Retry-After", "60");
    }
    assertThat(context.correlations).isEmpty();
    assertThat(refused("not_listening")).isEqualTo(2);
  }

  @Test
  void whileActivationIsUnderWayRequestsGet503ThenTheSettingsArePublishedWhole() throws Exception {
    CountDownLatch binding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    context =
        new RecordingInboundContext(Map.of("inbound", form()), STARTS) {
          @Override
          public <T> T bindProperties(Class<T> cls) {
            binding.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.bindProperties(cls);
          }
        };
    webhook = webhook(NOW);
    CompletableFuture<Void> activating =
        CompletableFuture.runAsync(() -> webhook.activate(context));
    assertThat(binding.await(10, TimeUnit.SECONDS)).isTrue();
    Request unsigned = new Request(Map.of(), unsubscribe("notif_race").getBytes());
    assertThat(webhook.verify(unsigned).statusCode()).isEqualTo(503);
    assertThat(webhook.verify(signed(unsubscribe("notif_race"))).statusCode()).isEqualTo(503);
    release.countDown();
    activating.get(10, TimeUnit.SECONDS);
    assertThat(webhook.verify(unsigned).statusCode()).isEqualTo(401);
    assertThat(webhook.verify(signed(unsubscribe("notif_race"))).statusCode()).isEqualTo(200);
    assertThat(context.correlations).hasSize(1);
  }

  @Test
  void unsignedIsRefusedUnlessTheRuntimeAllowsItAndTheRefusalNamesTheSetting() {
    Map<String, Object> form = form();
    form.put("signatureCheck", "unsigned");
    form.remove("clientSecret");
    for (String setting : new String[] {null, "", "false", "yes", "1", "on", "true-ish"}) {
      runtime.put(WebhookSettings.ALLOW_UNSIGNED, setting);
      listen(form, NOW);
      assertThat(context.health.get(0).getStatus()).as(setting).isEqualTo(Health.Status.DOWN);
      assertThat(context.health.get(0).getError().message())
          .isEqualTo(
              "inbound.signatureCheck: 'unsigned' is refused unless the runtime sets"
                  + " intercom.connector.webhook.allow-unsigned=true"
                  + " (INTERCOM_CONNECTOR_WEBHOOK_ALLOW_UNSIGNED), for local testing only");
      Request unsigned = new Request(Map.of(), unsubscribe("notif_u").getBytes());
      assertThat(webhook.verify(unsigned).statusCode()).as(setting).isEqualTo(503);
      webhook.deactivate();
    }
    for (String setting : new String[] {"true", " TRUE "}) {
      runtime.put(WebhookSettings.ALLOW_UNSIGNED, setting);
      listen(form, NOW);
      assertThat(context.health.get(0).getStatus()).isEqualTo(Health.Status.UP);
      Request unsigned = new Request(Map.of(), unsubscribe("notif_ok" + setting).getBytes());
      assertThat(webhook.verify(unsigned).statusCode()).isEqualTo(200);
      webhook.deactivate();
    }
    assertThat(context.correlations).hasSize(1);
    webhook = null;
  }

  @Test
  void allowingUnsignedOnTheRuntimeDoesNotMakeASignedElementAcceptUnsigned() {
    runtime.put(WebhookSettings.ALLOW_UNSIGNED, "true");
    listen(form(), NOW);
    Request unsigned = new Request(Map.of(), unsubscribe("notif_s").getBytes());
    assertThat(webhook.verify(unsigned).statusCode()).isEqualTo(401);
    Map<String, Object> noChoice = form();
    noChoice.remove("signatureCheck");
    noChoice.remove("clientSecret");
    listen(noChoice, NOW);
    assertThat(context.health.get(0).getStatus())
        .as("a missing choice is 'required', which needs the secret")
        .isEqualTo(Health.Status.DOWN);
  }

  @Test
  void aNotificationSentLongerAgoThanTheMaximumAgeStartsNothingAndIsCounted() {
    long now = 1_765_015_200L + 3600;
    Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
    listen(form(), clock);
    long limit = now - Duration.ofMinutes(15).toSeconds();
    WebhookHttpResponse stale = webhook.verify(signed(sentAt("notif_old", limit - 1, limit - 1)));
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(message(stale)).isEqualTo("Sent longer ago than PT15M; nothing started.");
    assertThat(context.correlations).isEmpty();
    assertThat(refused("too_old")).isEqualTo(1);

    assertThat(webhook.verify(signed(sentAt("notif_edge", limit, limit))).statusCode())
        .isEqualTo(200);
    assertThat(context.correlations).as("exactly the maximum age still passes").hasSize(1);
    // Intercom's retry a minute after a first send that came late: judged by the first send.
    webhook.verify(signed(sentAt("notif_late", limit - 600, now - 60)));
    assertThat(context.correlations).hasSize(2);
    String undated =
        unsubscribe("notif_undated")
            .replace("\"created_at\":1765015200,", "")
            .replace("\"first_sent_at\":1765015201,", "");
    WebhookHttpResponse noDate = webhook.verify(signed(undated));
    assertThat(noDate.statusCode()).isEqualTo(400);
    assertThat(context.correlations).hasSize(2);
  }

  @Test
  void theMaximumAgeIsTheRuntimesSettingWithinItsBounds() {
    long now = 1_765_015_200L + 3600;
    Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
    runtime.put(WebhookSettings.MAX_AGE, "PT2M");
    listen(form(), clock);
    webhook.verify(signed(sentAt("notif_121", now - 121, now - 121)));
    webhook.verify(signed(sentAt("notif_120", now - 120, now - 120)));
    assertThat(context.correlations).hasSize(1);
    for (String bad : List.of("PT1M59S", "P2D", "15m", "-PT15M")) {
      runtime.put(WebhookSettings.MAX_AGE, bad);
      listen(form(), clock);
      assertThat(context.health.get(0).getError().message())
          .isEqualTo(
              "intercom.connector.webhook.max-age (INTERCOM_CONNECTOR_WEBHOOK_MAX_AGE): must be"
                  + " an ISO 8601 duration from PT2M to P1D (e.g. PT15M), got '"
                  + bad
                  + "'");
    }
    runtime.put(WebhookSettings.MAX_AGE, "P1D");
    listen(form(), clock);
    assertThat(context.health.get(0).getStatus()).isEqualTo(Health.Status.UP);
  }

  /** The runtime's request as the Spring runtime holds it for the thread that serves it. */
  private static void servletRequestWith(List<String> signatures) {
    HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                WebhookTrustTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getHeaders" ->
                          HubSignature.HEADER.equalsIgnoreCase((String) args[0])
                              ? Collections.enumeration(signatures)
                              : Collections.emptyEnumeration();
                      case "toString" -> "request";
                      case "hashCode" -> 1;
                      default -> null;
                    });
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
  }

  @Test
  void twoSignatureHeadersAreRefused401EvenWhenTheFirstIsGood() {
    listen(form(), NOW);
    byte[] body = unsubscribe("notif_two").getBytes(StandardCharsets.UTF_8);
    String good = INTERCOM.header(body);
    Request asTheRuntimeHandsIt = new Request(Map.of("X-Hub-Signature", good), body);
    for (List<String> sent :
        List.of(List.of(good, good), List.of(good, "sha1=" + "0".repeat(40)))) {
      servletRequestWith(sent);
      assertThat(webhook.verify(asTheRuntimeHandsIt).statusCode()).isEqualTo(401);
    }
    assertThat(refused("signature_repeated")).isEqualTo(2);
    servletRequestWith(List.of());
    assertThat(webhook.verify(asTheRuntimeHandsIt).statusCode())
        .as("the request's own headers decide, not the runtime's map")
        .isEqualTo(401);
    servletRequestWith(List.of(good));
    assertThat(webhook.verify(asTheRuntimeHandsIt).statusCode()).isEqualTo(200);
    assertThat(context.correlations).hasSize(1);
  }

  @Test
  void aFloodOfForgeriesWritesOneLogLineAMinutePerReasonAndCountsEveryOne() {
    listen(form(), NOW);
    Logger logger = (Logger) LoggerFactory.getLogger(ConsentChangedWebhook.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      byte[] body = unsubscribe("notif_forged").getBytes(StandardCharsets.UTF_8);
      Request forged = new Request(Map.of("X-Hub-Signature", "sha1=" + "1".repeat(40)), body);
      Request bare = new Request(Map.of(), body);
      for (int i = 0; i < 1000; i++) {
        webhook.verify(forged);
        webhook.verify(bare);
        nanos.addAndGet(Duration.ofMillis(59).toNanos());
      }
      assertThat(logs.list).hasSize(2);
      nanos.addAndGet(Duration.ofSeconds(1).toNanos());
      webhook.verify(forged);
      assertThat(logs.list).hasSize(3);
      assertThat(logs.list.get(2).getFormattedMessage())
          .startsWith("Intercom webhook 'intercom-consent': refused 1000 requests because its");
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(refused("signature_wrong")).isEqualTo(1001);
    assertThat(refused("signature_missing")).isEqualTo(1000);
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void aRequestToAnElementNotListeningIsLoggedUnderTheWebhookItReached() {
    context = new RecordingInboundContext(Map.of("inbound", form()), STARTS);
    webhook = webhook(NOW);
    webhook.verify(new Request(Map.of(), new byte[0]));
    assertThat(ConsentChangedWebhook.webhookOf(new Request(Map.of(), new byte[0])))
        .isEqualTo("intercom-consent");
    assertThat(refused("not_listening")).isEqualTo(1);
  }

  @Test
  void afterDeactivationAnElementAnswers503AndNeverAgainListens() {
    listen(form(), NOW);
    webhook.deactivate();
    assertThat(webhook.verify(signed(unsubscribe("notif_d"))).statusCode()).isEqualTo(503);
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void aRequestThatPassedTheCheckAsTheElementStopsIsAnswered503AndHandsNothingOver() {
    listen(form(), NOW);
    byte[] body = unsubscribe("notif_stopping").getBytes(StandardCharsets.UTF_8);
    Request signedRequest = signed(unsubscribe("notif_stopping"));
    Sent stoppingMidway =
        new Sent(signedRequest.headers(), body, signedRequest.requestURL()) {
          @Override
          public byte[] rawBody() {
            webhook.deactivate(); // the runtime deactivates the element while this request runs
            return body;
          }
        };
    WebhookHttpResponse answer = webhook.verify(stoppingMidway);
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(message(answer)).isEqualTo("The runtime is stopping; send the notification again.");
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void propertiesThatCannotBeReadLeaveTheElementDownWithTheReasonCut() {
    String longReason = "Secret INTERCOM_CLIENT_SECRET is not available " + "x".repeat(300);
    context =
        new RecordingInboundContext(Map.of("inbound", form()), STARTS) {
          @Override
          public <T> T bindProperties(Class<T> cls) {
            throw new IllegalStateException(longReason + "\n");
          }
        };
    webhook = webhook(NOW);
    webhook.activate(context);
    String why = context.health.get(0).getError().message();
    assertThat(why)
        .isEqualTo(
            "inbound: the element's properties could not be read (IllegalStateException): "
                + longReason.substring(0, 200)
                + "…");
    assertThat(webhook.verify(signed(unsubscribe("notif_unread"))).statusCode()).isEqualTo(503);
    context =
        new RecordingInboundContext(Map.of("inbound", form()), STARTS) {
          @Override
          public <T> T bindProperties(Class<T> cls) {
            throw new IllegalStateException("x".repeat(199) + "\n");
          }
        };
    webhook.activate(context);
    assertThat(context.health.get(0).getError().message())
        .as("200 characters are shown whole, a control character as ?")
        .endsWith("x".repeat(199) + "?");
  }

  @Test
  void bodiesThatAreNotNotificationsAreCounted() {
    listen(form(), NOW);
    webhook.verify(signed("{not json"));
    String undated =
        unsubscribe("notif_undated")
            .replace("\"created_at\":1765015200,", "")
            .replace("\"first_sent_at\":1765015201,", "");
    webhook.verify(signed(undated));
    assertThat(refused("not_a_notification")).isEqualTo(2);
  }

  @Test
  void theWebhookOfARequestIsTheLastSegmentOfItsPath() {
    for (Map.Entry<String, String> url :
        Map.of(
                "http://runtime:8080/inbound/consent-hook", "consent-hook",
                "http://runtime:8080/inbound/consent-hook?x=1", "consent-hook",
                "http://runtime:8080/inbound/bad%20hook", "(unknown)",
                "not a url", "(unknown)")
            .entrySet()) {
      Sent request = new Sent(Map.of(), new byte[0], url.getKey());
      assertThat(ConsentChangedWebhook.webhookOf(request))
          .as(url.getKey())
          .isEqualTo(url.getValue());
    }
  }

  @Test
  void anOutOfBoundsMaximumAgeIsShownCutAt40Characters() {
    runtime.put(WebhookSettings.MAX_AGE, "P" + "9".repeat(39));
    listen(form(), NOW);
    assertThat(context.health.get(0).getError().message())
        .endsWith("got 'P" + "9".repeat(39) + "'");
    runtime.put(WebhookSettings.MAX_AGE, "P" + "9".repeat(40));
    listen(form(), NOW);
    assertThat(context.health.get(0).getError().message())
        .endsWith("got 'P" + "9".repeat(39) + "…'");
  }

  @Test
  void theActivityLogNamesWhatTheEngineDid() {
    var element = ConsentChangedWebhookTest.ELEMENT;
    assertThat(
            Answers.outcome(
                new io.camunda.connector.api.inbound.CorrelationResult.Success.MessagePublished(
                    element, 7L, "<default>")))
        .isEqualTo("published as message 7");
    assertThat(
            Answers.outcome(
                new io.camunda.connector.api.inbound.CorrelationResult.Success
                    .MessageAlreadyCorrelated(element)))
        .isEqualTo("already delivered (same message id)");
  }

  /** A request as the runtime hands it over, open to a test's changes. */
  static class Sent implements WebhookProcessingPayload {
    private final Map<String, String> headers;
    private final byte[] body;
    private final String url;

    Sent(Map<String, String> headers, byte[] body, String url) {
      this.headers = headers;
      this.body = body;
      this.url = url;
    }

    @Override
    public String requestURL() {
      return url;
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public Map<String, String> headers() {
      return headers;
    }

    @Override
    public Map<String, String> params() {
      return Map.of();
    }

    @Override
    public byte[] rawBody() {
      return body;
    }

    @Override
    public Collection<Part> parts() {
      return List.of();
    }
  }
}
