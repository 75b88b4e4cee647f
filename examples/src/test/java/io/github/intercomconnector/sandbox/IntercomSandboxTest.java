/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntercomSandboxTest {

  static final String TOKEN = "tok_TEST_sandbox";
  final ObjectMapper json = new ObjectMapper();

  IntercomSandbox sandbox;
  SandboxClient client;

  @BeforeEach
  void start() throws IOException {
    sandbox = IntercomSandbox.builder().tokens(TOKEN).start();
    client = new SandboxClient(sandbox, TOKEN);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  JsonNode body(SandboxClient.Answer a) throws IOException {
    return json.readTree(a.body());
  }

  @Test
  void attachesAndReturnsTheSubscriptionModel() throws IOException {
    var answer =
        client.post(
            "/contacts/" + ADA + "/subscriptions", "{\"id\":108,\"consent_type\":\"opt_in\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers().get("Content-Type")).startsWith("application/json");
    JsonNode model = body(answer);
    assertThat(model.get("type").asText()).isEqualTo("subscription");
    assertThat(model.get("id").asText()).isEqualTo("108");
    assertThat(model.get("translations")).hasSize(2);
    assertThat(sandbox.state().consents(ADA)).isEqualTo(Map.of("108", "opt_in"));
    // listed afterwards
    assertThat(
            body(client.get("/contacts/" + ADA + "/subscriptions"))
                .get("data")
                .get(0)
                .get("id")
                .asText())
        .isEqualTo("108");
  }

  @Test
  void refusesWhatIntercomWouldRefuse() throws IOException {
    String path = "/contacts/" + ADA + "/subscriptions";
    assertError(client.post(path, "{\"consent_type\":\"opt_in\"}"), 400, "parameter_missing");
    assertError(
        client.post(path, "{\"id\":\"108\",\"consent_type\":\"maybe\"}"), 400, "parameter_invalid");
    assertError(
        client.post(path, "{\"id\":\"112\",\"consent_type\":\"opt_in\"}"),
        400,
        "parameter_invalid");
    assertError(
        client.post(path, "{\"id\":\"116\",\"consent_type\":\"opt_in\"}"),
        400,
        "parameter_invalid");
    assertError(
        client.post(path, "{\"id\":\"999\",\"consent_type\":\"opt_in\"}"), 404, "not_found");
    assertError(
        client.post(
            "/contacts/nobody/subscriptions", "{\"id\":\"108\",\"consent_type\":\"opt_in\"}"),
        404,
        "not_found");
    assertError(
        client.post(
            "/contacts/..%2Fadmins/subscriptions", "{\"id\":\"108\",\"consent_type\":\"opt_in\"}"),
        404,
        "not_found");
    assertThat(sandbox.state().consents(ADA)).isEmpty();
  }

  @Test
  void detachesAndAnswers404WhenNotAttached() throws IOException {
    var removed = client.delete("/contacts/" + ALAN + "/subscriptions/110");
    assertThat(removed.status()).isEqualTo(200);
    assertThat(body(removed).get("id").asText()).isEqualTo("110");
    assertThat(sandbox.state().consents(ALAN)).isEqualTo(Map.of("112", "opt_out"));

    var again =
        assertError(client.delete("/contacts/" + ALAN + "/subscriptions/110"), 404, "not_found");
    assertThat(again.get("errors").get(0).get("message").asText()).isEqualTo("Resource Not Found");
    var noContact =
        assertError(client.delete("/contacts/nobody/subscriptions/110"), 404, "not_found");
    assertThat(noContact.get("errors").get(0).get("message").asText()).isEqualTo("User Not Found");
  }

  @Test
  void listsTypesAndFindsContacts() throws IOException {
    assertThat(body(client.get("/subscription_types")).get("data")).hasSize(5);
    JsonNode found =
        body(
            client.post(
                "/contacts/search",
                "{\"query\":{\"field\":\"email\",\"operator\":\"=\",\"value\":\"ada@example.com\"}}"));
    assertThat(found.get("total_count").asInt()).isEqualTo(1);
    assertThat(found.get("data").get(0).get("id").asText()).isEqualTo(ADA);
    JsonNode byExternal =
        body(
            client.post(
                "/contacts/search",
                "{\"query\":{\"field\":\"external_id\",\"operator\":\"=\",\"value\":\"cust-1003\"}}"));
    assertThat(byExternal.get("data").get(0).get("id").asText()).isEqualTo(ALAN);
  }

  @Test
  void checksTheTokenAndTheVersion() throws IOException {
    JsonNode unauthorized =
        assertError(
            new SandboxClient(sandbox, "wrong").get("/subscription_types"), 401, "unauthorized");
    assertThat(unauthorized.get("request_id").asText()).isNotBlank();
    assertError(new SandboxClient(sandbox, null).get("/subscription_types"), 401, "unauthorized");
    assertError(client.version("3.99").get("/subscription_types"), 400, "intercom_version_invalid");
    assertThat(client.version("Preview").get("/subscription_types").status()).isEqualTo(200);
    assertThat(client.version(null).get("/subscription_types").status()).isEqualTo(200);
    assertThat(sandbox.journal())
        .allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("Authorization"));
    assertThat(sandbox.journal().toString()).doesNotContain(TOKEN);
  }

  @Test
  void gatewayModeAcceptsRequestsWithoutAToken() throws IOException {
    try (var gateway = IntercomSandbox.builder().gatewayMode(true).start()) {
      assertThat(new SandboxClient(gateway, null).get("/subscription_types").status())
          .isEqualTo(200);
      assertThat(gateway.journal().get(0).authorizationPresent()).isFalse();
    }
  }

  @Test
  void rateLimitsWithIntercomsHeaders() throws IOException {
    // A window that cannot end during the test, whatever the time of day.
    int window = 1_000_000_000;
    try (var limited = IntercomSandbox.builder().tokens(TOKEN).rateLimit(3, window).start()) {
      var c = new SandboxClient(limited, TOKEN);
      var first = c.get("/subscription_types");
      assertThat(first.headers().get("X-RateLimit-Limit")).isEqualTo("3");
      assertThat(first.headers().get("X-RateLimit-Remaining")).isEqualTo("2");
      long reset = Long.parseLong(first.headers().get("X-RateLimit-Reset"));
      assertThat(reset)
          .isGreaterThan(System.currentTimeMillis() / 1000)
          .isEqualTo(reset / window * window);
      c.get("/subscription_types");
      c.get("/subscription_types");
      JsonNode refused = assertError(c.get("/subscription_types"), 429, "rate_limit_exceeded");
      assertThat(refused.get("errors").get(0).get("message").asText())
          .isEqualTo("Exceeded rate limit of 3 in " + window + "_seconds");
      assertThat(limited.maxRequestsInAWindow()).as("refused requests count too").isEqualTo(4);
      assertThat(limited.rateLimitedCalls()).isEqualTo(1);
    }
  }

  @Test
  void playsInjectedFaults() throws IOException {
    sandbox.inject(Fault.status(503, 2).on("GET", "/subscription_types"));
    assertError(client.get("/subscription_types"), 503, "service_unavailable");
    assertError(client.get("/subscription_types"), 503, "service_unavailable");
    assertThat(client.get("/subscription_types").status()).isEqualTo(200);

    sandbox.inject(Fault.dropConnection(1));
    assertThatThrownBy(() -> client.get("/subscription_types")).isInstanceOf(IOException.class);

    sandbox.inject(Fault.malformedJson(200, 1));
    var malformed = client.get("/subscription_types");
    assertThatThrownBy(() -> json.readTree(malformed.body())).isInstanceOf(IOException.class);

    sandbox.inject(Fault.html(502, 1));
    var html = client.get("/subscription_types");
    assertThat(html.status()).isEqualTo(502);
    assertThat(html.headers().get("Content-Type")).startsWith("text/html");

    sandbox.inject(Fault.slow(Duration.ofMillis(600), 1));
    long t0 = System.nanoTime();
    assertThat(client.get("/subscription_types").status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void isSeededFromJsonAndShowsItsState() throws IOException {
    var seeded =
        SandboxState.fromJson(
            """
            {"subscription_types":[{"id":"1","state":"live","consent_type":"opt_out",
              "default_translation":{"name":"Promos","description":"d","locale":"en"},
              "translations":[],"content_types":["email"]}],
             "contacts":[{"id":"c1","email":"x@y.z","subscriptions":{"1":"opt_out"}}]}\
            """);
    try (var s = IntercomSandbox.builder().tokens(TOKEN).state(seeded).start()) {
      assertThat(s.state().consents("c1")).isEqualTo(Map.of("1", "opt_out"));
      var state = new SandboxClient(s, null).get("/__sandbox/state");
      assertThat(
              json.readTree(state.body())
                  .get("contacts")
                  .get(0)
                  .get("subscriptions")
                  .get("1")
                  .asText())
          .isEqualTo("opt_out");
    }
  }

  private JsonNode assertError(SandboxClient.Answer answer, int status, String code)
      throws IOException {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    JsonNode body = body(answer);
    assertThat(body.get("type").asText()).isEqualTo("error.list");
    assertThat(body.get("errors").get(0).get("code").asText()).isEqualTo(code);
    return body;
  }
}
