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
import io.camunda.connector.generator.dsl.BpmnType;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.generator.java.annotation.ElementTemplate.ConnectorElementType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Intercom: Consent changed": hears Intercom's webhook notifications and starts or continues
 * processes with a {@link ConsentChange}.
 *
 * <p>Every request is answered from {@link #verify}, which the runtime calls first and whose answer
 * ends the request: the size and the signature are checked over the raw body before anything is
 * parsed; ping, topics the element does not hear and notifications already delivered are answered
 * 200 without starting anything; the rest is correlated here, with the notification id as the
 * message id, so that the answer can be given within {@link #ANSWER_WITHIN} even when the engine is
 * slow (Intercom waits 5 s, then counts an error and tries once more after a minute). A correlation
 * still running then is answered 503; it goes on, and when it succeeds Intercom's retry is answered
 * 200 without a second start.
 */
@InboundConnector(name = "Intercom: Consent changed", type = ConsentChangedWebhook.TYPE)
@ElementTemplate(
    id = ConsentChangedWebhook.TEMPLATE_ID,
    name = "Intercom: Consent changed",
    version = 1,
    description =
        "Start or continue a process when a person's consent changes inside Intercom: an"
            + " unsubscribe link in an email, the Messenger's preferences, an agent's edit."
            + " Checks Intercom's signature; a retried notification starts nothing twice.",
    icon = "intercom-consent-changed.svg",
    documentationRef =
        "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
            + "#intercom-consent-changed",
    engineVersion = "^8.8",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "Intercom",
              "consent",
              "GDPR",
              "opt-in",
              "opt-out",
              "subscribe",
              "unsubscribe",
              "preferences",
              "subscription",
              "webhook",
              "consent changed"
            }),
    inputDataClass = ConsentChangedProperties.Inbound.class,
    defaultResultVariable = "consentChange",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "endpoint", label = "Webhook"),
      @ElementTemplate.PropertyGroup(id = "security", label = "Signature"),
      @ElementTemplate.PropertyGroup(id = "topics", label = "Topics")
    },
    elementTypes = {
      @ConnectorElementType(
          appliesTo = BpmnType.START_EVENT,
          elementType = BpmnType.MESSAGE_START_EVENT,
          templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".message-start",
          templateNameOverride = "Intercom: Consent changed (message start event)"),
      @ConnectorElementType(
          appliesTo = BpmnType.START_EVENT,
          elementType = BpmnType.START_EVENT,
          templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".start",
          templateNameOverride = "Intercom: Consent changed (start event)"),
      @ConnectorElementType(
          appliesTo = {BpmnType.INTERMEDIATE_THROW_EVENT, BpmnType.INTERMEDIATE_CATCH_EVENT},
          elementType = BpmnType.INTERMEDIATE_CATCH_EVENT,
          templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".intermediate",
          templateNameOverride = "Intercom: Consent changed (intermediate catch event)"),
      @ConnectorElementType(
          appliesTo = BpmnType.BOUNDARY_EVENT,
          elementType = BpmnType.BOUNDARY_EVENT,
          templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".boundary",
          templateNameOverride = "Intercom: Consent changed (boundary event)")
    })
public class ConsentChangedWebhook implements WebhookConnectorExecutable {

  public static final String TYPE = "io.github.intercomconnector:consent-changed:1";
  public static final String TEMPLATE_ID = "io.github.intercomconnector.consent-changed";

  /** The largest body read: Intercom's contact notifications are a few kilobytes. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** How long a request waits for the engine; Intercom gives up after 5 s. */
  public static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

  private static final Logger LOG = LoggerFactory.getLogger(ConsentChangedWebhook.class);

  /** Stands for "no answer from the engine yet" when a request's deadline comes. */
  private static final WebhookHttpResponse NOT_YET = new WebhookHttpResponse(null, null, 503);

  private final Duration answerWithin;

  /** How many delivered notification ids a start event remembers, and for how long. */
  public static final int DELIVERED_REMEMBERED = 10_000;

  public static final Duration DELIVERED_FOR = Duration.ofHours(1);

  private final DeliveredNotifications delivered =
      new DeliveredNotifications(DELIVERED_REMEMBERED, DELIVERED_FOR, Clock.systemUTC());
  private final Map<String, CompletableFuture<WebhookHttpResponse>> inFlight =
      new ConcurrentHashMap<>();

  // Set once at activation, read by the runtime's request threads.
  private volatile InboundConnectorContext context;
  private volatile String path;
  private volatile HubSignature signature;
  private volatile Set<String> topics;
  private volatile ExecutorService correlations;

  public ConsentChangedWebhook() {
    this(ANSWER_WITHIN);
  }

  ConsentChangedWebhook(Duration answerWithin) {
    this.answerWithin = answerWithin;
  }

  @Override
  public void activate(InboundConnectorContext context) {
    ConsentChangedProperties form =
        context.bindProperties(ConsentChangedProperties.Inbound.class).inbound();
    if (form == null) {
      throw new IllegalArgumentException("inbound: the element has no Intercom webhook settings.");
    }
    var problems = form.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join(" ", problems));
    }
    this.context = context;
    this.path = form.context();
    this.signature = form.signed() ? new HubSignature(form.clientSecret()) : null;
    this.topics = form.listenedTopics();
    this.correlations =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("intercom-consent-changed-", 0).factory());
    if (signature == null) {
      LOG.warn(
          "Intercom webhook '{}' accepts unsigned notifications (local testing only): anyone who"
              + " knows its URL can start processes.",
          path);
    }
    context.reportHealth(Health.up());
  }

  @Override
  public void deactivate() {
    if (correlations != null) {
      correlations.shutdown();
    }
  }

  /** Answers every request (see the class comment); never null, so the runtime adds nothing. */
  @Override
  public WebhookHttpResponse verify(WebhookProcessingPayload payload) {
    byte[] body = payload.rawBody() == null ? new byte[0] : payload.rawBody();
    if (body.length > MAX_BODY_BYTES) {
      LOG.info("Intercom webhook '{}': refused a body of {} bytes (over 1 MiB)", path, body.length);
      return answer(413, "The body is larger than 1 MiB.");
    }
    if (signature != null) {
      HubSignature.Verdict verdict = signature.check(header(payload, HubSignature.HEADER), body);
      if (verdict != HubSignature.Verdict.GOOD) {
        LOG.warn(
            "Intercom webhook '{}': refused a request whose X-Hub-Signature is {}",
            path,
            verdict.name().toLowerCase(java.util.Locale.ROOT));
        return answer(401, "The request is not signed with this app's client secret.");
      }
    }
    Notification notification;
    try {
      notification = Notification.parse(body);
    } catch (Notification.Refused refused) {
      LOG.info("Intercom webhook '{}': {}", path, refused.getMessage());
      return answer(refused.status(), refused.getMessage());
    }
    if (Notification.PING.equals(notification.topic())) {
      return answer(200, "pong");
    }
    if (!topics.contains(notification.topic())) {
      return answer(200, "Topic " + topicName(notification) + " is not one this element hears.");
    }
    if (delivered.contains(notification.id())) {
      return answer(200, "Already delivered.");
    }
    return correlateInTime(notification);
  }

  /** Never reached: {@link #verify} answers every request. */
  @Override
  public WebhookResult triggerWebhook(WebhookProcessingPayload payload) {
    throw new IllegalStateException("verify answers every Intercom notification");
  }

  private WebhookHttpResponse correlateInTime(Notification notification) {
    CompletableFuture<WebhookHttpResponse> started = new CompletableFuture<>();
    CompletableFuture<WebhookHttpResponse> earlier =
        inFlight.putIfAbsent(notification.id(), started);
    if (earlier == null) {
      try {
        correlations.execute(() -> correlate(notification, started));
      } catch (RejectedExecutionException stopping) {
        inFlight.remove(notification.id(), started);
        return answer(503, "The runtime is stopping; send the notification again.");
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
          path,
          notification.id(),
          answerWithin.toMillis());
      return new WebhookHttpResponse(
          Map.of("message", "The engine has not taken the notification yet; send it again."),
          Map.of("Retry-After", "60"),
          503);
    }
    return answer;
  }

  private void correlate(Notification notification, CompletableFuture<WebhookHttpResponse> done) {
    WebhookHttpResponse response;
    try {
      CorrelationResult result =
          context.correlate(
              CorrelationRequest.builder()
                  .variables(notification.variables())
                  .messageId(notification.id())
                  .build());
      response = answerFor(result);
      if (result instanceof CorrelationResult.Success) {
        delivered.record(notification.id());
      }
      String outcome = outcome(result);
      context.log(activity ->
          activity
              .withSeverity(
                  result instanceof CorrelationResult.Failure ? Severity.WARNING : Severity.INFO)
              .withTag(notification.topic())
              .withMessage("Notification " + notification.id() + ": " + outcome));
    } catch (RuntimeException e) {
      LOG.warn(
          "Intercom webhook '{}': notification {} could not be correlated ({})",
          path,
          notification.id(),
          e.getClass().getSimpleName());
      response = answer(500, "The notification could not be handed to the engine.");
    } finally {
      inFlight.remove(notification.id());
    }
    done.complete(response);
  }

  static WebhookHttpResponse answerFor(CorrelationResult result) {
    return switch (result) {
      case CorrelationResult.Success ignored -> answer(200, "Delivered.");
      case CorrelationResult.Failure.ActivationConditionNotMet ignored ->
          answer(200, "The element's activation condition is not met; nothing started.");
      case CorrelationResult.Failure.InvalidInput invalid ->
          answer(422, "The element could not use the notification: " + invalid.message());
      case CorrelationResult.Failure.ZeebeClientStatus status ->
          switch (status.status()) {
            case "UNAVAILABLE", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED" ->
                new WebhookHttpResponse(
                    Map.of(
                        "message",
                        "The engine is busy or unavailable; send the notification again."),
                    Map.of("Retry-After", "60"),
                    503);
            default ->
                answer(500, "The engine refused the notification (" + status.status() + ").");
          };
      case CorrelationResult.Failure ignored ->
          answer(500, "The notification could not be handed to the engine.");
    };
  }

  private static String outcome(CorrelationResult result) {
    return switch (result) {
      case CorrelationResult.Success.ProcessInstanceCreated created ->
          "started process instance " + created.processInstanceKey();
      case CorrelationResult.Success.MessagePublished published ->
          "published as message " + published.messageKey();
      case CorrelationResult.Success.MessageAlreadyCorrelated ignored ->
          "already delivered (same message id)";
      // A success this SDK does not name (8.9 adds MessageCorrelated and
      // ProcessInstanceCreatedWithResult): without this case a jar built on 8.8 throws
      // MatchException for it (compat/run tests it against the 8.9 and 8.10 SDKs).
      case CorrelationResult.Success other ->
          "delivered (" + other.getClass().getSimpleName() + ")";
      case CorrelationResult.Failure failure -> "not delivered: " + failure.message();
    };
  }

  private static WebhookHttpResponse answer(int status, String message) {
    return new WebhookHttpResponse(Map.of("message", message), Map.of(), status);
  }

  /**
   * A topic for an answer: Intercom's topics are short dotted words; anything else is not echoed.
   */
  private static String topicName(Notification notification) {
    String topic = notification.topic();
    return topic.matches("[a-z_]+(\\.[a-z_]+){0,3}") ? topic : "(not a topic name)";
  }

  private static String header(WebhookProcessingPayload payload, String name) {
    Map<String, String> headers = payload.headers() == null ? Map.of() : payload.headers();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (name.equalsIgnoreCase(header.getKey())) {
        return header.getValue();
      }
    }
    return null;
  }
}
