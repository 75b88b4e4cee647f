/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.camunda.connector.api.inbound.Activity;
import io.camunda.connector.api.inbound.CorrelationResult;
import io.camunda.connector.api.inbound.ProcessElement;
import io.camunda.connector.api.inbound.Severity;
import io.camunda.connector.api.inbound.webhook.Part;
import io.camunda.connector.api.inbound.webhook.WebhookHttpResponse;
import io.camunda.connector.api.inbound.webhook.WebhookProcessingPayload;
import io.github.intercomconnector.outbound.RuntimeEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The successes that Camunda 8.9 added to the SDK's sealed {@code CorrelationResult}, which an 8.8
 * SDK cannot name: compiled only by compat/run, against the 8.9 and 8.10 SDK sources, and run there
 * both with the connector built on 8.8.7 (the 1.x jar on an 8.9 runtime) and with the connector
 * compiled against that SDK. Each is a delivery: answered 200, remembered, logged as a success,
 * never an exception.
 */
class CorrelationResultsCompatTest {

  private static final String SECRET = "app-client-secret";

  private static final ProcessElement ELEMENT =
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

        // Abstract from 8.10 on.
        public Map<String, String> properties() {
          return Map.of();
        }
      };

  private static final String UNSUBSCRIBE =
      """
      {"type":"notification_event","id":"notif_89","topic":"granular.unsubscribe",
       "created_at":1765015200,"data":{"item":{"type":"subscription",
         "subscription_type":{"type":"subscription_type","id":"108","consent_type":"opt_in"},
         "contact":{"type":"contact","id":"6650a1c0e5b1a2f3c4d5e601","role":"user"}}}}
      """;

  private ConsentChangedWebhook webhook;
  private RecordingInboundContext context;
  private final Logger logger = (Logger) LoggerFactory.getLogger(ConsentChangedWebhook.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  static Object[] successesAddedIn89() {
    return new Object[] {
      new CorrelationResult.Success.MessageCorrelated(ELEMENT, 42L, 7L, "<default>"),
      new CorrelationResult.Success.ProcessInstanceCreatedWithResult(
          ELEMENT, 42L, "<default>", Map.of("accepted", true))
    };
  }

  @BeforeEach
  void listen() {
    logs.start();
    logger.addAppender(logs);
    Map<String, Object> form =
        Map.of(
            "context",
            "intercom-consent",
            "signatureCheck",
            "required",
            "clientSecret",
            SECRET,
            "topics",
            ConsentTopics.DEFAULT_TOPICS);
    context = new RecordingInboundContext(Map.of("inbound", form), request -> null);
    // The notifications' time (created_at), as ConsentChangedWebhookTest holds it: within the
    // maximum age.
    webhook =
        new ConsentChangedWebhook(
            ConsentChangedWebhook.ANSWER_WITHIN,
            RuntimeEnvironment.SYSTEM,
            ConsentChangedWebhookTest.NOW,
            new Refusals(new SimpleMeterRegistry(), System::nanoTime));
    webhook.activate(context);
  }

  @AfterEach
  void stop() {
    webhook.deactivate();
    logger.detachAppender(logs);
  }

  @ParameterizedTest
  @MethodSource("successesAddedIn89")
  void aSuccessThe88SdkDidNotKnowIsADelivery(CorrelationResult success) {
    context.engine(request -> success);

    WebhookHttpResponse answer = webhook.verify(signedUnsubscribe());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(((Map<?, ?>) answer.body()).get("message")).isEqualTo("Delivered.");
    WebhookHttpResponse retry = webhook.verify(signedUnsubscribe());
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(context.correlations).as("Intercom's retry starts nothing twice").hasSize(1);
    assertThat(context.activities).hasSize(1);
    Activity logged = context.activities.get(0);
    assertThat(logged.severity()).isEqualTo(Severity.INFO);
    assertThat(logged.message())
        .startsWith("Notification notif_89: ")
        .doesNotContain("not delivered");
    assertThat(logs.list).as("nothing logged, no exception").isEmpty();
  }

  private static WebhookProcessingPayload signedUnsubscribe() {
    byte[] body = UNSUBSCRIBE.getBytes(StandardCharsets.UTF_8);
    String signature = new HubSignature(SECRET).header(body);
    return new Request(Map.of(HubSignature.HEADER, signature), body);
  }

  private record Request(Map<String, String> headers, byte[] rawBody)
      implements WebhookProcessingPayload {
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
}
