/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.runtime.test.outbound.OutboundConnectorContextBuilder;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.client.RetryPolicy;
import io.github.intercomconnector.outbound.ErrorCodes;
import io.github.intercomconnector.outbound.RuntimeEnvironment;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Results;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Shared test data: a fake token, Intercom's answers, a client whose waits are recorded. */
public final class Fixtures {

  /**
   * A task refused its input: the code {@code INTERCOM_INVALID_INPUT}, and the refusal as the
   * cause, which makes the runtime set the job's retries to 0.
   */
  public static void isRefusedInput(Throwable e) {
    org.assertj.core.api.Assertions.assertThat(e).isInstanceOf(ConnectorException.class);
    org.assertj.core.api.Assertions.assertThat(((ConnectorException) e).getErrorCode())
        .isEqualTo(ErrorCodes.INVALID_INPUT);
    org.assertj.core.api.Assertions.assertThat(e.getCause())
        .isInstanceOf(ConnectorInputException.class)
        .hasMessage(e.getMessage());
  }

  /** What a call threw, once {@link #isRefusedInput} holds of it. */
  public static ConnectorException refusedInput(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(call);
    isRefusedInput(e);
    return (ConnectorException) e;
  }

  /** Obviously fake, and distinctive enough to be found anywhere it leaks. */
  public static final String TOKEN = "tok_TEST_never_log_me_123";

  /** Intercom's answer with the subscription type 108, "Newsletters", for email and SMS. */
  public static final String SUBSCRIPTION_108 =
      SubscriptionTypeJson.type("108")
          .name("Newsletters")
          .description("Lorem ipsum dolor sit amet")
          .translation("en", "Newsletters")
          .contentTypes("email", "sms_message")
          .json();

  private Fixtures() {}

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  public static MockResponse error(int code, String errorCode, String message, String requestId) {
    String id = requestId == null ? "null" : "\"" + requestId + "\"";
    return json(
        code,
        "{\"type\":\"error.list\",\"request_id\":"
            + id
            + ",\"errors\":[{\"code\":\""
            + errorCode
            + "\",\"message\":\""
            + message
            + "\"}]}");
  }

  private static final ObjectMapper RESULTS = new ObjectMapper();

  /** A task's result as the process receives it: the JSON the runtime writes, read back. */
  public static Map<String, Object> asJson(Object result) {
    return RESULTS.convertValue(result, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  /** A task's result without the connector's evidence: Intercom's model as it came. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> model(Object result) {
    Map<String, Object> model = asJson(result);
    model.remove(Results.EVIDENCE);
    return model;
  }

  /** The connector's evidence in a task's result. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> evidence(Object result) {
    return (Map<String, Object>) asJson(result).get(Results.EVIDENCE);
  }

  /** The evidence's entry for one contact given by its id. */
  public static Map<String, Object> byId(String id, String action) {
    return contact(id, null, "id", null, action);
  }

  /** The evidence's entry for one contact, without whether it receives the messages. */
  public static Map<String, Object> contact(
      String id, String role, String foundBy, String mergedFrom, String action) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", id);
    entry.put("role", role);
    entry.put("foundBy", foundBy);
    entry.put("mergedFrom", mergedFrom);
    entry.put("action", action);
    return entry;
  }

  /** Whether each contact of the evidence receives the messages after the task. */
  @SuppressWarnings("unchecked")
  public static List<Object> receives(Object result) {
    List<Object> receives = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) evidence(result).get("contacts")) {
      receives.add(c.get("receives"));
    }
    return receives;
  }

  /** The evidence's contacts, each without whether it receives the messages. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> contactsUsed(Object result) {
    List<Map<String, Object>> used = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) evidence(result).get("contacts")) {
      Map<String, Object> entry = new LinkedHashMap<>(c);
      entry.remove("receives");
      used.add(entry);
    }
    return used;
  }

  /** The Intercom workspace fields pointing at a local server (custom base URL on loopback). */
  public static Map<String, Object> connection(MockWebServer server) {
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("accessToken", TOKEN);
    connection.put("region", "custom");
    connection.put("baseUrl", server.url("/").toString());
    connection.put("intercomVersion", "2.16");
    return connection;
  }

  /** The client's settings for a local server, with the fake token. */
  public static IntercomSettings settings(MockWebServer server) {
    return new IntercomSettings(
        IntercomSettings.baseUrl(server.url("/").toString(), "baseUrl"),
        TOKEN,
        "2.16",
        IntercomSettings.Timeouts.DEFAULT);
  }

  /** The connection fields of a task's variables, to change one. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> connectionIn(Map<String, Object> vars) {
    return (Map<String, Object>) vars.get("connection");
  }

  public static Map<String, Object> attachVariables(MockWebServer server) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", connection(server));
    vars.put("contactId", "63a07ddf05a32042dffac965");
    vars.put("subscriptionTypeId", "108");
    vars.put("consentType", "opt_in");
    return vars;
  }

  /** An attach's variables finding the contact by email, without waiting for the search. */
  public static Map<String, Object> attachByEmail(MockWebServer server, String email) {
    Map<String, Object> vars = attachVariables(server);
    vars.remove("contactId");
    vars.put("contactBy", "email");
    vars.put("contactEmail", email);
    vars.put("contactSearchWaitSeconds", 0);
    return vars;
  }

  /** An attach's variables naming the subscription type by its name. */
  public static Map<String, Object> attachByTypeName(MockWebServer server, String name) {
    Map<String, Object> vars = attachVariables(server);
    vars.remove("subscriptionTypeId");
    vars.put("subscriptionTypeBy", "name");
    vars.put("subscriptionTypeName", name);
    return vars;
  }

  /** The JSON body a request sent. */
  public static JsonNode sentJson(RecordedRequest request) throws IOException {
    return RESULTS.readTree(request.getBody().utf8());
  }

  public static Map<String, Object> detachVariables(MockWebServer server) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("connection", connection(server));
    vars.put("contactId", "63a07ddf05a32042dffac965");
    vars.put("subscriptionTypeId", "37846");
    return vars;
  }

  /** A context built the way the connector runtime builds it: JSON binding plus validation. */
  public static OutboundConnectorContext context(Map<String, Object> variables) {
    return OutboundConnectorContextBuilder.create().variables(variables).build();
  }

  /** The tasks' service with {@link #client}, and no runtime settings. */
  public static TaskParts service(RecordingSleeper sleeper, TestClock clock) {
    return service(sleeper, clock, property -> null);
  }

  /** The tasks' service with {@link #client} and the given runtime settings. */
  public static TaskParts service(
      RecordingSleeper sleeper, TestClock clock, RuntimeEnvironment environment) {
    return new TaskParts(client(sleeper, clock), environment, clock);
  }

  /** A client with the default policy, no jitter (0.5 → factor 1.0) and recorded waits. */
  public static IntercomClient client(RecordingSleeper sleeper, TestClock clock) {
    return client(sleeper, clock, RetryPolicy.DEFAULT.maxInlineWait());
  }

  /**
   * As {@link #client(RecordingSleeper, TestClock)}, waiting for the rate limit on a platform
   * thread at most {@code platformThreadRateLimitWait} (the default policy: 200 ms).
   */
  public static IntercomClient client(
      RecordingSleeper sleeper, TestClock clock, Duration platformThreadRateLimitWait) {
    RetryPolicy defaults = RetryPolicy.DEFAULT;
    RetryPolicy policy =
        new RetryPolicy(
            defaults.maxAttempts(),
            defaults.baseDelay(),
            defaults.maxDelay(),
            defaults.maxInlineWait(),
            defaults.maxRateLimitedAnswers(),
            () -> 0.5,
            // tests run on platform threads; most wait for the rate limit as a virtual thread
            // would, those of the platform-thread rule pass the default's 200 ms
            platformThreadRateLimitWait);
    return new IntercomClient(
        IntercomClient.defaultHttpClient(), new ObjectMapper(), policy, sleeper, clock);
  }
}
