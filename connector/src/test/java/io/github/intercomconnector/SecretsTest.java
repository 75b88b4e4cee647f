/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.TOKEN;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.runtime.test.outbound.OutboundConnectorContextBuilder;
import io.github.intercomconnector.model.AttachSubscriptionRequest;
import io.github.intercomconnector.model.DetachSubscriptionRequest;
import io.github.intercomconnector.model.IntercomConnection;
import io.github.intercomconnector.outbound.ConnectionSettings;
import io.github.intercomconnector.outbound.RuntimeEnvironment;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The access token appears in no log line, message, error variable, result or toString. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SecretsTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private final TestClock clock = new TestClock();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final List<String> seen = new ArrayList<>();
  private AttachSubscriptionFunction attach;
  private DetachSubscriptionFunction detach;

  @BeforeEach
  void setUp() {
    root.setLevel(Level.TRACE);
    logs.start();
    root.addAppender(logs);
    var service = Fixtures.service(new RecordingSleeper(clock), clock);
    attach = new AttachSubscriptionFunction(service);
    detach = new DetachSubscriptionFunction(service);
  }

  @AfterEach
  void noTokenAnywhere() {
    root.detachAppender(logs);
    assertThat(logs.list).as("the connector logged something").isNotEmpty();
    for (ILoggingEvent event : logs.list) {
      seen.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        seen.add(event.getThrowableProxy().getMessage());
      }
    }
    assertThat(seen)
        .isNotEmpty()
        .allSatisfy(text -> assertThat(String.valueOf(text)).doesNotContain(TOKEN));
  }

  /** Everything a failure exposes: message, causes, error variables (deep). */
  private void collect(Throwable e) throws Exception {
    assertThat(e)
        .as("the task failed as it should")
        .isInstanceOfAny(ConnectorException.class, ConnectorInputException.class);
    for (Throwable t = e; t != null; t = t.getCause()) {
      seen.add(t.getMessage());
      seen.add(t.toString());
    }
    if (e instanceof ConnectorException ce && ce.getErrorVariables() != null) {
      seen.add(new ObjectMapper().writeValueAsString(ce.getErrorVariables()));
    }
  }

  private Map<String, Object> withSecretToken(Map<String, Object> vars) {
    @SuppressWarnings("unchecked")
    Map<String, Object> connection = (Map<String, Object>) vars.get("connection");
    connection.put("accessToken", "{{secrets.INTERCOM_ACCESS_TOKEN}}");
    return vars;
  }

  private io.camunda.connector.api.outbound.OutboundConnectorContext context(
      Map<String, Object> vars) {
    return OutboundConnectorContextBuilder.create()
        .secret("INTERCOM_ACCESS_TOKEN", TOKEN)
        .variables(withSecretToken(vars))
        .build();
  }

  @Test
  void successResultAndRequestObjectsHoldNoToken() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));

    Object result = attach.execute(context(Fixtures.attachVariables(server)));

    // the secret was resolved and sent, and only in the Authorization header
    var request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getBody().utf8()).doesNotContain(TOKEN);
    assertThat(request.getTarget()).doesNotContain(TOKEN);
    seen.add(new ObjectMapper().writeValueAsString(result));
    var bound =
        context(Fixtures.attachVariables(server)).bindVariables(AttachSubscriptionRequest.class);
    seen.add(bound.toString());
    seen.add(bound.connection().toString());
    seen.add(new ConnectionSettings(RuntimeEnvironment.SYSTEM).from(bound.connection()).toString());
    var detachBound =
        context(Fixtures.detachVariables(server)).bindVariables(DetachSubscriptionRequest.class);
    seen.add(detachBound.toString());
    assertThat(bound.connection().accessToken()).isEqualTo(TOKEN);
    assertThat(new IntercomConnection(TOKEN, "us", null, null, null, null, null, null).toString())
        .contains("[REDACTED]");
  }

  @Test
  void everyFailureHidesTheToken() throws Exception {
    server.enqueue(Fixtures.error(401, "unauthorized", "Access Token Invalid", "r1"));
    collect(catchThrowable(() -> attach.execute(context(Fixtures.attachVariables(server)))));
    server.enqueue(Fixtures.error(404, "not_found", "User Not Found", "r2"));
    server.enqueue(Fixtures.error(404, "not_found", "User Not Found", "r3"));
    Map<String, Object> vars = Fixtures.detachVariables(server);
    vars.put("alreadyDetachedCountsAsSuccess", true);
    collect(catchThrowable(() -> detach.execute(context(vars))));
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .onRequestStart(new SocketEffect.CloseSocket(true, true, true))
              .build());
    }
    collect(catchThrowable(() -> attach.execute(context(Fixtures.attachVariables(server)))));
    Map<String, Object> bad = Fixtures.attachVariables(server);
    bad.put("consentType", "maybe");
    collect(catchThrowable(() -> attach.execute(context(bad))));
    Map<String, Object> http = Fixtures.attachVariables(server);
    @SuppressWarnings("unchecked")
    Map<String, Object> conn = (Map<String, Object>) http.get("connection");
    conn.put("baseUrl", "http://gateway.example.com/");
    collect(catchThrowable(() -> attach.execute(context(http))));
    assertThat(seen).hasSizeGreaterThan(8);
  }

  @Test
  void anAnswerThatEchoesTheTokenIsScrubbed() throws Exception {
    server.enqueue(
        Fixtures.error(400, "parameter_invalid", "Bad header Bearer " + TOKEN + " given", "r9"));

    Throwable e = catchThrowable(() -> attach.execute(context(Fixtures.attachVariables(server))));

    collect(e);
    assertThat(e.getMessage()).contains("Bad header Bearer [REDACTED] given");
    assertThat(((ConnectorException) e).getErrorVariables().get("intercomErrorMessage"))
        .isEqualTo("Bad header Bearer [REDACTED] given");
  }
}
