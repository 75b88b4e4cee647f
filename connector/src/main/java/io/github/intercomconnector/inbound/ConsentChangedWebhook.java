/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import io.camunda.connector.api.annotation.InboundConnector;
import io.camunda.connector.api.inbound.CorrelationRequest;
import io.camunda.connector.api.inbound.CorrelationResult;
import io.camunda.connector.api.inbound.Health;
import io.camunda.connector.api.inbound.InboundConnectorContext;
import io.camunda.connector.api.inbound.Severity;
import io.camunda.connector.api.inbound.webhook.WebhookConnectorExecutable;
import io.camunda.connector.api.inbound.webhook.WebhookHttpResponse;
import io.camunda.connector.api.inbound.webhook.WebhookProcessingPayload;
import io.camunda.connector.api.inbound.webhook.WebhookResult;
import io.github.intercomconnector.inbound.Refusals.RefusalReason;
import io.github.intercomconnector.inbound.WebhookSettings.SignatureRule;
import io.github.intercomconnector.outbound.RuntimeEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Intercom: Consent changed": hears Intercom's webhook notifications and starts or continues
 * processes with a {@link ConsentChange}.
 *
 * <p>Every request is answered from {@link #verify}, which the runtime calls first and whose answer
 * ends the request. Until {@link #activate} has published the element's {@link WebhookSettings},
 * after it could not, and after {@link #deactivate}, the answer is 503 "not now" and nothing is
 * read. Otherwise the size and the signature are checked over the raw body before anything is
 * parsed; ping, topics the element does not hear, notifications older than the maximum age and
 * notifications already delivered are answered 200 without starting anything; the rest is
 * correlated here, with the notification id as the message id, so that the answer can be given
 * within {@link #ANSWER_WITHIN} even when the engine is slow (Intercom waits 5 s, then counts an
 * error and tries once more after a minute). A correlation still running then is answered 503; it
 * goes on, and when it succeeds Intercom's retry is answered 200 without a second start.
 *
 * <p>Its element templates are described by {@code
 * connector/src/build/ConsentChangedTemplate.java}: their annotations name the 8.8 generator's
 * {@code BpmnType}, which 8.9 moved, so they stay out of this class and the jar.
 */
@InboundConnector(name = "Intercom: Consent changed", type = ConsentChangedWebhook.TYPE)
public class ConsentChangedWebhook implements WebhookConnectorExecutable {

  public static final String TYPE = "io.github.intercomconnector:consent-changed:1";
  public static final String TEMPLATE_ID = "io.github.intercomconnector.consent-changed";

  /** The largest body read: Intercom's contact notifications are a few kilobytes. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** How long a request waits for the engine; Intercom gives up after 5 s. */
  public static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

  /** How many delivered notification ids a start event remembers, and for how long. */
  public static final int DELIVERED_REMEMBERED = 10_000;

  public static final Duration DELIVERED_FOR = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(ConsentChangedWebhook.class);

  /** Stands for "no answer from the engine yet" when a request's deadline comes. */
  private static final WebhookHttpResponse NOT_YET = new WebhookHttpResponse(null, null, 503);

  /** What the element answers by: replaced whole, in one step, never changed in place. */
  private sealed interface State {}

  /** Before activation, after a failed one, after deactivation: every request is "not now". */
  private record NotListening(String why) implements State {}

  private record Listening(
      WebhookSettings settings, InboundConnectorContext context, ExecutorService correlations)
      implements State {}

  private final Duration answerWithin;
  private final RuntimeEnvironment runtime;
  private final Clock clock;
  private final Refusals refusals;
  private final DeliveredNotifications delivered;
  private final Map<String, CompletableFuture<WebhookHttpResponse>> inFlight =
      new ConcurrentHashMap<>();

  private volatile State state = new NotListening("not activated yet");

  public ConsentChangedWebhook() {
    this(ANSWER_WITHIN, RuntimeEnvironment.SYSTEM, Clock.systemUTC(), Refusals.SHARED);
  }

  ConsentChangedWebhook(
      Duration answerWithin, RuntimeEnvironment runtime, Clock clock, Refusals refusals) {
    this.answerWithin = answerWithin;
    this.runtime = runtime;
    this.clock = clock;
    this.refusals = refusals;
    this.delivered = new DeliveredNotifications(DELIVERED_REMEMBERED, DELIVERED_FOR, clock);
  }

  /**
   * Builds the element's settings and publishes them; when they cannot be built, the element stays
   * up but answers 503, and its health and activity log say why. It does not throw: the 8.8 runtime
   * keeps the path of a webhook whose activation threw until it restarts, so a corrected deploy
   * would wait behind it; an element activated this way is replaced by the next deploy.
   */
  @Override
  public void activate(InboundConnectorContext context) {
    WebhookSettings settings;
    try {
      ConsentChangedProperties.Inbound bound =
          context.bindProperties(ConsentChangedProperties.Inbound.class);
      settings = WebhookSettings.from(bound == null ? null : bound.inbound(), runtime);
    } catch (RuntimeException e) {
      String why =
          e instanceof WebhookSettings.SettingsRefused
              ? e.getMessage()
              : "inbound: the element's properties could not be read ("
                  + e.getClass().getSimpleName()
                  + "): "
                  + cut(String.valueOf(e.getMessage()));
      state = new NotListening(why);
      LOG.warn("Intercom webhook not listening, it answers 503 until deployed again: {}", why);
      context.reportHealth(Health.down(new Health.Error("INTERCOM_WEBHOOK_NOT_SET_UP", why)));
      context.log(activity ->
          activity
              .withSeverity(Severity.ERROR)
              .withTag("activation")
              .withMessage("Not listening, every request is answered 503: " + why));
      return;
    }
    ExecutorService correlations =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("intercom-consent-changed-", 0).factory());
    state = new Listening(settings, context, correlations);
    if (settings.signature() instanceof SignatureRule.Unsigned) {
      LOG.warn(
          "Intercom webhook '{}' accepts unsigned notifications ({}=true, local testing only):"
              + " anyone who knows its URL can start processes.",
          settings.path(),
          WebhookSettings.ALLOW_UNSIGNED);
    }
    context.reportHealth(Health.up());
  }

  @Override
  public void deactivate() {
    State was = state;
    state = new NotListening("deactivated");
    if (was instanceof Listening listening) {
      listening.correlations().shutdown();
    }
  }

  /** Answers every request (see the class comment); never null, so the runtime adds nothing. */
  @Override
  public WebhookHttpResponse verify(WebhookProcessingPayload payload) {
    if (!(state instanceof Listening listening)) {
      return refuse(webhookOf(payload), RefusalReason.NOT_LISTENING);
    }
    WebhookSettings settings = listening.settings();
    byte[] body = payload.rawBody() == null ? new byte[0] : payload.rawBody();
    if (body.length > MAX_BODY_BYTES) {
      return refuse(settings.path(), RefusalReason.TOO_LARGE);
    }
    if (settings.signature() instanceof SignatureRule.Required required) {
      RefusalReason refused = signatureRefusal(required.check(), payload, body);
      if (refused != null) {
        return refuse(settings.path(), refused);
      }
    }
    Notification notification;
    try {
      notification = Notification.parse(body);
    } catch (Notification.NotificationRefused refused) {
      refusals.refused(settings.path(), RefusalReason.NOT_A_NOTIFICATION);
      return Answers.answer(refused.status(), refused.getMessage());
    }
    if (Notification.PING.equals(notification.topic())) {
      return Answers.answer(200, "pong");
    }
    if (!settings.topics().contains(notification.topic())) {
      return Answers.answer(
          200, "Topic " + topicName(notification) + " is not one this element hears.");
    }
    Instant sent = notification.sentAt();
    if (sent == null) {
      refusals.refused(settings.path(), RefusalReason.NOT_A_NOTIFICATION);
      return Answers.answer(400, "A notification_event must say when it was sent (created_at).");
    }
    if (sent.plus(settings.maxAge()).isBefore(clock.instant())) {
      refusals.refused(settings.path(), RefusalReason.TOO_OLD);
      return Answers.answer(
          200, "Sent longer ago than " + settings.maxAge() + "; nothing started.");
    }
    if (delivered.contains(notification.id())) {
      return Answers.answer(200, "Already delivered.");
    }
    return correlateInTime(listening, notification);
  }

  /** Why the request's signature is refused, or null when it is Intercom's, given once. */
  static RefusalReason signatureRefusal(
      HubSignature check, WebhookProcessingPayload payload, byte[] body) {
    List<String> given = SignatureHeaders.values(payload, HubSignature.HEADER);
    if (given.size() > 1) {
      return RefusalReason.SIGNATURE_REPEATED;
    }
    return switch (check.check(given.isEmpty() ? null : given.getFirst(), body)) {
      case GOOD -> null;
      case MISSING -> RefusalReason.SIGNATURE_MISSING;
      case MALFORMED -> RefusalReason.SIGNATURE_MALFORMED;
      case WRONG -> RefusalReason.SIGNATURE_WRONG;
    };
  }

  /** Never reached: {@link #verify} answers every request. */
  @Override
  public WebhookResult triggerWebhook(WebhookProcessingPayload payload) {
    throw new IllegalStateException("verify answers every Intercom notification");
  }

  private WebhookHttpResponse refuse(String webhook, RefusalReason reason) {
    refusals.refused(webhook, reason);
    return switch (reason) {
      case NOT_LISTENING ->
          Answers.notNow("The webhook is not listening now; send the notification again later.");
      case TOO_LARGE -> Answers.answer(413, "The body is larger than 1 MiB.");
      default -> Answers.answer(401, "The request is not signed with this app's client secret.");
    };
  }

  private WebhookHttpResponse correlateInTime(Listening listening, Notification notification) {
    CompletableFuture<WebhookHttpResponse> started = new CompletableFuture<>();
    CompletableFuture<WebhookHttpResponse> earlier =
        inFlight.putIfAbsent(notification.id(), started);
    if (earlier == null) {
      try {
        listening
            .correlations()
            .execute(() -> correlate(listening.context(), notification, started));
      } catch (RejectedExecutionException stopping) {
        inFlight.remove(notification.id(), started);
        return Answers.notNow("The runtime is stopping; send the notification again.");
      }
    }
    CompletableFuture<WebhookHttpResponse> running = earlier == null ? started : earlier;
    // The hand-over goes on past the deadline; only this request stops waiting for it.
    WebhookHttpResponse answer =
        running
            .copy()
            .completeOnTimeout(NOT_YET, answerWithin.toMillis(), TimeUnit.MILLISECONDS)
            .join();
    if (answer == NOT_YET) {
      LOG.warn(
          "Intercom webhook '{}': the engine has not taken notification {} within {} ms; answered"
              + " 503, Intercom tries again in a minute",
          listening.settings().path(),
          notification.id(),
          answerWithin.toMillis());
      return Answers.notNow("The engine has not taken the notification yet; send it again.");
    }
    return answer;
  }

  private void correlate(
      InboundConnectorContext context,
      Notification notification,
      CompletableFuture<WebhookHttpResponse> done) {
    WebhookHttpResponse response;
    try {
      CorrelationResult result =
          context.correlate(
              CorrelationRequest.builder()
                  .variables(notification.variables())
                  .messageId(notification.id())
                  .build());
      response = Answers.forResult(result);
      if (result instanceof CorrelationResult.Success) {
        delivered.record(notification.id());
      }
      String outcome = Answers.outcome(result);
      context.log(activity ->
          activity
              .withSeverity(
                  result instanceof CorrelationResult.Success ? Severity.INFO : Severity.WARNING)
              .withTag(notification.topic())
              .withMessage("Notification " + notification.id() + ": " + outcome));
    } catch (RuntimeException e) {
      LOG.warn(
          "Intercom webhook: notification {} could not be correlated ({})",
          notification.id(),
          e.getClass().getSimpleName());
      response = Answers.answer(500, "The notification could not be handed to the engine.");
    } finally {
      inFlight.remove(notification.id());
    }
    done.complete(response);
  }

  /**
   * The webhook a request reached, from its URL's last segment (the runtime found this element by
   * it), for the log of an element that has no settings yet.
   */
  static String webhookOf(WebhookProcessingPayload payload) {
    HttpUrl url = payload.requestURL() == null ? null : HttpUrl.parse(payload.requestURL());
    String last = url == null ? "" : url.pathSegments().getLast();
    return ConsentTopics.CONTEXT.matcher(last).matches() ? last : "(unknown)";
  }

  /**
   * A topic for an answer: Intercom's topics are short dotted words; anything else is not echoed.
   */
  private static String topicName(Notification notification) {
    String topic = notification.topic();
    return topic.matches("[a-z_]+(\\.[a-z_]+){0,3}") ? topic : "(not a topic name)";
  }

  private static String cut(String text) {
    String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
