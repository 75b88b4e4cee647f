/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.camunda.connector.api.inbound.Activity;
import io.camunda.connector.api.inbound.CorrelationRequest;
import io.camunda.connector.api.inbound.CorrelationResult;
import io.camunda.connector.api.inbound.Health;
import io.camunda.connector.api.inbound.ProcessElement;
import io.camunda.connector.api.inbound.Severity;
import io.camunda.connector.api.inbound.webhook.Part;
import io.camunda.connector.api.inbound.webhook.WebhookHttpResponse;
import io.camunda.connector.api.inbound.webhook.WebhookProcessingPayload;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the webhook answers Intercom, and what it hands the engine, request by request. */
class ConsentChangedWebhookTest {

  static final String SECRET = "app-client-secret";
  static final HubSignature INTERCOM = new HubSignature(SECRET);

  static final ProcessElement ELEMENT =
      new ProcessElement() {
        public String bpmnProcessId() {
          return "consent-withdrawn";
        }

        public int version() {
          return 1;
        }

        public long processDefinitionKey() {
          return 1L;
        }

        public String elementId() {
          return "ConsentChanged";
        }

        public String elementName() {
          return "Consent changed";
        }

        public String elementType() {
          return "startEvent";
        }

        public String tenantId() {
          return "<default>";
        }

        // Abstract in ProcessElement from 8.10 on (compat/run compiles the tests against it).
        public Map<String, String> properties() {
          return Map.of();
        }
      };

  static final Function<CorrelationRequest, CorrelationResult> STARTS =
      request -> new CorrelationResult.Success.ProcessInstanceCreated(ELEMENT, 42L, "<default>");

  /** A few minutes after the notifications of these tests were sent (created_at 1765015200). */
  static final Clock NOW = Clock.fixed(Instant.parse("2025-12-06T10:05:00Z"), ZoneOffset.UTC);

  private ConsentChangedWebhook webhook;
  private RecordingInboundContext context;
  private final Map<String, String> runtime = new HashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicLong nanos = new AtomicLong();

  @AfterEach
  void stop() {
    if (webhook != null) {
      webhook.deactivate();
    }
  }

  private void listen(Map<String, Object> form, Duration answerWithin) {
    context = new RecordingInboundContext(Map.of("inbound", form), STARTS);
    webhook = webhook(answerWithin);
    webhook.activate(context);
  }

  private ConsentChangedWebhook webhook(Duration answerWithin) {
    return new ConsentChangedWebhook(
        answerWithin, runtime::get, NOW, new Refusals(meters, nanos::get));
  }

  private void listen() {
    listen(form(), Duration.ofSeconds(3));
  }

  static Map<String, Object> form() {
    Map<String, Object> form = new HashMap<>();
    form.put("context", "intercom-consent");
    form.put("signatureCheck", "required");
    form.put("clientSecret", SECRET);
    form.put("topics", ConsentTopics.DEFAULT_TOPICS);
    return form;
  }

  static String unsubscribe(String id) {
    return """
    {"type":"notification_event","id":"%s","topic":"granular.unsubscribe","app_id":"abc123",
     "created_at":1765015200,"delivery_attempts":1,"first_sent_at":1765015201,
     "data":{"type":"notification_event_data","item":{"type":"subscription",
       "subscription_type":{"type":"subscription_type","id":"108","consent_type":"opt_in",
         "default_translation":{"name":"Newsletters"}},
       "contact":{"type":"contact","id":"6650a1c0e5b1a2f3c4d5e601","email":"ada@example.com",
         "external_id":"cust-1001","role":"user"}}}}
    """
        .formatted(id);
  }

  static String envelope(String id, String topic) {
    return "{\"type\":\"notification_event\",\"id\":\""
        + id
        + "\",\"topic\":\""
        + topic
        + "\",\"created_at\":1765015200,\"data\":{\"item\":{\"type\":\"contact\",\"id\":\"c1\"}}}";
  }

  record Request(Map<String, String> headers, byte[] rawBody) implements WebhookProcessingPayload {
    public String requestURL() {
      return "http://localhost/inbound/intercom-consent";
    }

    public String method() {
      return "POST";
    }

    public Map<String, String> params() {
      return Map.of();
    }

    public Collection<Part> parts() {
      return List.of();
    }
  }

  static Request signed(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new Request(Map.of("x-hub-signature", INTERCOM.header(bytes)), bytes);
  }

  static Request withSignature(String body, String signature) {
    return new Request(
        signature == null ? Map.of() : Map.of("X-Hub-Signature", signature),
        body.getBytes(StandardCharsets.UTF_8));
  }

  static String message(WebhookHttpResponse response) {
    return String.valueOf(((Map<?, ?>) response.body()).get("message"));
  }

  @Test
  void aSignedUnsubscribeIsCorrelatedWithTheNotificationIdAsMessageId() {
    listen();
    WebhookHttpResponse answer = webhook.verify(signed(unsubscribe("notif_1")));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(message(answer)).isEqualTo("Delivered.");
    assertThat(context.correlations).hasSize(1);
    CorrelationRequest request = context.correlations.get(0);
    assertThat(request.getMessageId()).isEqualTo("notif_1");
    @SuppressWarnings("unchecked")
    Map<String, Object> variables = (Map<String, Object>) request.getVariables();
    assertThat(variables)
        .containsEntry("topic", "granular.unsubscribe")
        .containsEntry("receives", false)
        .containsEntry("notificationId", "notif_1")
        .containsEntry("happenedAt", "2025-12-06T10:00:00Z")
        .containsEntry(
            "subscriptionType",
            Map.of("id", "108", "name", "Newsletters", "consentType", "opt_in"));
    assertThat(context.health).hasSize(1);
  }

  @Test
  void eachHandOverIsInTheElementsActivityLogWithoutPersonalData() {
    listen();
    webhook.verify(signed(unsubscribe("notif_a1")));
    context.engine(request -> new CorrelationResult.Failure.InvalidInput("no key", null));
    webhook.verify(signed(unsubscribe("notif_a2")));
    assertThat(context.activities).hasSize(2);
    Activity started = context.activities.get(0);
    assertThat(started.severity()).isEqualTo(Severity.INFO);
    assertThat(started.tag()).isEqualTo("granular.unsubscribe");
    assertThat(started.message()).isEqualTo("Notification notif_a1: started process instance 42");
    Activity failed = context.activities.get(1);
    assertThat(failed.severity()).isEqualTo(Severity.WARNING);
    assertThat(failed.message()).isEqualTo("Notification notif_a2: not delivered: no key");
    assertThat(context.activities.toString()).doesNotContain("ada@example.com");
  }

  @Test
  void aRequestWithoutHeadersIsRefused401() {
    listen();
    Request bare = new Request(null, unsubscribe("notif_bare").getBytes(StandardCharsets.UTF_8));
    assertThat(webhook.verify(bare).statusCode()).isEqualTo(401);
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void aDeactivatedElementHandsNothingMoreToTheEngine() {
    listen();
    webhook.deactivate();
    WebhookHttpResponse answer = webhook.verify(signed(unsubscribe("notif_late")));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(context.correlations).isEmpty();
    webhook = null;
  }

  @Test
  void aRequestThreadInterruptedWhileWaitingStillGetsItsAnswerInTime() throws Exception {
    listen(form(), Duration.ofMillis(300));
    CountDownLatch release = new CountDownLatch(1);
    context.engine(request -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return STARTS.apply(request);
    });
    WebhookHttpResponse[] answer = new WebhookHttpResponse[1];
    Thread caller =
        new Thread(() -> {
          Thread.currentThread().interrupt();
          answer[0] = webhook.verify(signed(unsubscribe("notif_int")));
        });
    caller.start();
    caller.join(5_000);
    release.countDown();
    assertThat(answer[0].statusCode()).isEqualTo(503);
    assertThat(answer[0].headers()).containsEntry("Retry-After", "60");
  }

  @Test
  void anElementThatAcceptsUnsignedNotificationsSaysSoOnceInTheLog() {
    Logger logger = (Logger) LoggerFactory.getLogger(ConsentChangedWebhook.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      Map<String, Object> form = form();
      form.put("signatureCheck", "unsigned");
      runtime.put(WebhookSettings.ALLOW_UNSIGNED, "true");
      listen(form, Duration.ofSeconds(3));
      assertThat(logs.list).hasSize(1);
      webhook.deactivate();
      listen();
      assertThat(logs.list).as("a signed element says nothing").hasSize(1);
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(logs.list.get(0).getFormattedMessage())
        .startsWith("Intercom webhook 'intercom-consent' accepts unsigned notifications");
  }

  @Test
  void theSignatureHeaderIsFoundWhateverItsCase() {
    listen();
    String body = unsubscribe("notif_case");
    String header = INTERCOM.header(body.getBytes(StandardCharsets.UTF_8));
    assertThat(webhook.verify(withSignature(body, header)).statusCode()).isEqualTo(200);
  }

  @Test
  void aMissingMalformedOrWrongSignatureIsRefused401AndNothingIsCorrelated() {
    listen();
    String body = unsubscribe("notif_2");
    String good = INTERCOM.header(body.getBytes(StandardCharsets.UTF_8));
    List<Request> refused =
        List.of(
            withSignature(body, null),
            withSignature(body, ""),
            withSignature(body, "sha1=nothex"),
            withSignature(body, good.substring(0, good.length() - 2)),
            withSignature(body, good.replace("sha1=", "sha256=")),
            withSignature(body, new HubSignature("another-secret").header(body.getBytes())),
            withSignature(unsubscribe("notif_3"), good));
    for (Request request : refused) {
      WebhookHttpResponse answer = webhook.verify(request);
      assertThat(answer.statusCode()).as(request.headers().toString()).isEqualTo(401);
      assertThat(message(answer))
          .isEqualTo("The request is not signed with this app's client secret.")
          .doesNotContain("notif");
    }
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void aRefusedSignatureLogsOneLineWithoutTheSecretTheBodyOrTheSignature() {
    listen();
    Logger logger = (Logger) LoggerFactory.getLogger(ConsentChangedWebhook.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      String body = unsubscribe("notif_logged");
      String wrong = new HubSignature("another-secret").header(body.getBytes());
      webhook.verify(withSignature(body, wrong));
    } finally {
      logger.detachAppender(logs);
    }
    Request unsigned =
        new Request(Map.of(), unsubscribe("notif_no_header").getBytes(StandardCharsets.UTF_8));
    logger.addAppender(logs);
    try {
      webhook.verify(unsigned);
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list).hasSize(2);
    assertThat(logs.list.get(1).getFormattedMessage())
        .contains("refused 1 request because it has no X-Hub-Signature");
    String line = logs.list.get(0).getFormattedMessage();
    assertThat(line)
        .isEqualTo(
            "Intercom webhook 'intercom-consent': refused 1 request because its X-Hub-Signature"
                + " is not the app's signature of the body (at most one line a minute per reason;"
                + " metric intercom.connector.webhook.refusals)");
    assertThat(logs.list.get(0).getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void pingIsAnswered200AndStartsNothing() {
    listen();
    WebhookHttpResponse answer = webhook.verify(signed(envelope("notif_ping", "ping")));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(message(answer)).isEqualTo("pong");
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void aTopicTheElementDoesNotHearIsAnswered200AndStartsNothing() {
    listen();
    WebhookHttpResponse answer = webhook.verify(signed(envelope("notif_m", "contact.merged")));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(message(answer)).isEqualTo("Topic contact.merged is not one this element hears.");
    WebhookHttpResponse odd = webhook.verify(signed(envelope("notif_o", "<b>x</b>")));
    assertThat(odd.statusCode()).isEqualTo(200);
    assertThat(message(odd)).doesNotContain("<b>");
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void aBodyThatIsNotANotificationIsRefused400() {
    listen();
    Map<String, String> refused =
        Map.of(
            "{not json",
            "The body is not JSON.",
            "[1,2]",
            "The body is not a JSON object.",
            "{\"type\":\"ping\",\"id\":\"n\",\"topic\":\"ping\"}",
            "The body's type must be notification_event.",
            "{\"type\":\"notification_event\",\"topic\":\"ping\"}",
            "A notification_event must have an id and a topic.",
            "{\"type\":\"notification_event\",\"id\":\"n\"}",
            "A notification_event must have an id and a topic.",
            "",
            "The body is not a JSON object.",
            "{\"type\":\"notification_event\",\"id\":\""
                + "n".repeat(201)
                + "\",\"topic\":\"ping\"}",
            "A notification_event's id and topic are at most 200 characters.",
            "{\"type\":\"notification_event\",\"id\":\"n\",\"topic\":\"" + "t".repeat(201) + "\"}",
            "A notification_event's id and topic are at most 200 characters.");
    refused.forEach((body, sentence) -> {
      WebhookHttpResponse answer = webhook.verify(signed(body));
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(message(answer)).as(body).isEqualTo(sentence);
    });
    assertThat(context.correlations).isEmpty();
  }

  @Test
  void anIdOrTopicOfExactly200CharactersIsStillANotification() {
    listen();
    String id = "notif_" + "1".repeat(194);
    assertThat(webhook.verify(signed(unsubscribe(id))).statusCode()).isEqualTo(200);
    String topic = "a".repeat(200);
    assertThat(webhook.verify(signed(envelope("notif_t", topic))).statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyOverOneMebibyteIsRefused413BeforeItsSignatureIsChecked() {
    listen();
    String padding = " ".repeat(ConsentChangedWebhook.MAX_BODY_BYTES);
    WebhookHttpResponse over = webhook.verify(signed(unsubscribe("notif_big") + padding));
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(webhook.verify(withSignature("x".repeat(1024 * 1024 + 1), null)).statusCode())
        .isEqualTo(413);
    String exactly =
        unsubscribe("notif_fits")
            + " "
                .repeat(
                    ConsentChangedWebhook.MAX_BODY_BYTES
                        - unsubscribe("notif_fits").getBytes(StandardCharsets.UTF_8).length);
    assertThat(webhook.verify(signed(exactly)).statusCode()).isEqualTo(200);
    assertThat(context.correlations).hasSize(1);
  }

  @Test
  void intercomsRetryOfADeliveredNotificationStartsNothingTwice() {
    listen();
    assertThat(webhook.verify(signed(unsubscribe("notif_r"))).statusCode()).isEqualTo(200);
    WebhookHttpResponse retry = webhook.verify(signed(unsubscribe("notif_r")));
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(message(retry)).isEqualTo("Already delivered.");
    assertThat(context.correlations).hasSize(1);
  }

  @Test
  void aSlowEngineIsAnswered503InTimeAndTheRetryAfterItTookTheNotificationStartsNothing()
      throws Exception {
    listen(form(), Duration.ofMillis(300));
    CountDownLatch engineTakesIt = new CountDownLatch(1);
    CountDownLatch taken = new CountDownLatch(1);
    context.engine(request -> {
      try {
        engineTakesIt.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      taken.countDown();
      return STARTS.apply(request);
    });

    long before = System.nanoTime();
    WebhookHttpResponse first = webhook.verify(signed(unsubscribe("notif_slow")));
    long waitedMillis = (System.nanoTime() - before) / 1_000_000;
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers()).containsEntry("Retry-After", "60");
    assertThat(waitedMillis).isLessThan(3_000);

    WebhookHttpResponse whileRunning = webhook.verify(signed(unsubscribe("notif_slow")));
    assertThat(whileRunning.statusCode()).isEqualTo(503);
    assertThat(context.correlations).as("one correlation in flight, not two").hasSize(1);

    engineTakesIt.countDown();
    assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();
    WebhookHttpResponse retry = awaitAnswer("notif_slow", 200);
    assertThat(message(retry)).isIn("Already delivered.", "Delivered.");
    assertThat(context.correlations).hasSize(1);
  }

  private WebhookHttpResponse awaitAnswer(String id, int status) throws InterruptedException {
    WebhookHttpResponse answer = null;
    for (int i = 0; i < 100; i++) {
      answer = webhook.verify(signed(unsubscribe(id)));
      if (answer.statusCode() == status) {
        return answer;
      }
      Thread.sleep(20);
    }
    return answer;
  }

  @Test
  void whatTheEngineAnswersDecidesTheStatusAndOnlySuccessCountsAsDelivered() {
    listen();
    Map<CorrelationResult, Integer> expected =
        Map.of(
            new CorrelationResult.Success.MessageAlreadyCorrelated(ELEMENT), 200,
            new CorrelationResult.Success.MessagePublished(ELEMENT, 7L, "<default>"), 200,
            new CorrelationResult.Failure.ActivationConditionNotMet(false), 200,
            new CorrelationResult.Failure.InvalidInput("no correlation key", null), 422,
            new CorrelationResult.Failure.ZeebeClientStatus("UNAVAILABLE", "down"), 503,
            new CorrelationResult.Failure.ZeebeClientStatus("RESOURCE_EXHAUSTED", "busy"), 503,
            new CorrelationResult.Failure.ZeebeClientStatus("DEADLINE_EXCEEDED", "slow"), 503,
            new CorrelationResult.Failure.ZeebeClientStatus("NOT_FOUND", "gone"), 500,
            new CorrelationResult.Failure.Other(new IllegalStateException("x")), 500);
    int n = 0;
    for (Map.Entry<CorrelationResult, Integer> outcome : expected.entrySet()) {
      context.engine(request -> outcome.getKey());
      String id = "notif_outcome_" + n++;
      WebhookHttpResponse answer = webhook.verify(signed(unsubscribe(id)));
      assertThat(answer.statusCode()).as(outcome.getKey().toString()).isEqualTo(outcome.getValue());
      assertThat(answer.headers().containsKey("Retry-After"))
          .as("Retry-After with %s", outcome.getKey())
          .isEqualTo(outcome.getValue() == 503);
      int before = context.correlations.size();
      webhook.verify(signed(unsubscribe(id)));
      boolean success = outcome.getKey() instanceof CorrelationResult.Success;
      assertThat(context.correlations.size() - before)
          .as("a second delivery after " + outcome.getKey())
          .isEqualTo(success ? 0 : 1);
    }
    context.engine(request -> {
      throw new IllegalStateException("engine gone");
    });
    assertThat(webhook.verify(signed(unsubscribe("notif_thrown"))).statusCode()).isEqualTo(500);
  }

  @Test
  void unsignedIsAnExplicitChoiceForLocalTesting() {
    Map<String, Object> form = form();
    form.put("signatureCheck", "unsigned");
    form.remove("clientSecret");
    runtime.put(WebhookSettings.ALLOW_UNSIGNED, "true");
    listen(form, Duration.ofSeconds(3));
    assertThat(webhook.verify(withSignature(unsubscribe("notif_u"), null)).statusCode())
        .isEqualTo(200);
    assertThat(context.correlations).hasSize(1);
  }

  @Test
  void aFormThatCannotListenAnswers503AndSaysWhyInItsHealthAndActivityLog() {
    Map<String, Object> form = form();
    form.remove("clientSecret");
    form.put("context", "has space");
    form.put("topics", "granular.unsubscribe, conversation.created");
    listen(form, Duration.ofSeconds(3));
    String why =
        "inbound.context: must be letters, digits, - and _ (the end of the webhook URL), got"
            + " 'has space' inbound.clientSecret: must be the app's client secret to check"
            + " Intercom's signature, got nothing inbound.topics: must be among"
            + " contact.archived, contact.deleted, contact.merged, contact.subscribed,"
            + " contact.unsubscribed,"
            + " granular.subscribe, granular.unsubscribe, got conversation.created";
    assertThat(context.health).hasSize(1);
    assertThat(context.health.get(0).getStatus()).isEqualTo(Health.Status.DOWN);
    assertThat(context.health.get(0).getError().message()).isEqualTo(why);
    assertThat(context.activities).hasSize(1);
    assertThat(context.activities.get(0).severity()).isEqualTo(Severity.ERROR);
    assertThat(context.activities.get(0).message())
        .isEqualTo("Not listening, every request is answered 503: " + why);
    WebhookHttpResponse answer = webhook.verify(signed(unsubscribe("notif_x")));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers()).containsEntry("Retry-After", "60");
    assertThat(context.correlations).isEmpty();

    form.put("context", "ok");
    form.put("clientSecret", SECRET);
    form.put("topics", " , ");
    form.put("signatureCheck", "maybe");
    listen(form, Duration.ofSeconds(3));
    assertThat(context.health.get(0).getError().message())
        .isEqualTo(
            "inbound.signatureCheck: must be 'required' or 'unsigned', got 'maybe'"
                + " inbound.topics: must name at least one topic, got nothing");
  }

  @Test
  void theFormNeverPrintsTheSecret() {
    ConsentChangedProperties form =
        new ConsentChangedProperties("p", "required", "s3cr3t-value", "ping");
    assertThat(form.toString()).doesNotContain("s3cr3t-value").contains("clientSecret=***");
  }

  @Test
  void triggerIsNeverReachedBecauseVerifyAnswersEverything() {
    assertThatThrownBy(() -> new ConsentChangedWebhook().triggerWebhook(signed("{}")))
        .isInstanceOf(IllegalStateException.class);
  }
}
