/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static io.github.intercomconnector.testing.Fixtures.SUBSCRIPTION_108;
import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.model.IntercomConnection;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.github.intercomconnector.testing.RecordingSleeper;
import io.github.intercomconnector.testing.TestClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
/** The connection a form names, turned into the client's settings once and kept. */
class ConnectionSettingsTest {

  @StartStop final MockWebServer server = LocalIntercom.server();

  private static IntercomSettings settings(IntercomConnection connection) {
    return new ConnectionSettings(property -> null).from(connection);
  }

  private static IntercomConnection connection(String region, String baseUrl, String token) {
    return new IntercomConnection(token, region, baseUrl, "2.16", null, null, null, null);
  }

  @ParameterizedTest
  @CsvSource({
    "us, https://api.intercom.io/",
    "eu, https://api.eu.intercom.io/",
    "au, https://api.au.intercom.io/",
    ", https://api.intercom.io/"
  })
  void regionsUseTheirOwnHost(String region, String expected) {
    assertThat(settings(connection(region, null, "t")).baseUrl().toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "http://localhost:8080/",
    "http://127.0.0.1:8080/",
    "http://[::1]:8080/",
    "https://gateway.example.com/intercom"
  })
  void customBaseUrlsAllowedForGatewaysAndLoopback(String url) {
    assertThat(settings(connection("custom", url, null)).accessToken()).isNull();
  }

  @Test
  void theRuntimeOperatorCanRouteARegionElsewhere() {
    Map<String, String> routes = new HashMap<>();
    routes.put("intercom.connector.region.eu.url", "http://127.0.0.1:9/eu-stand-in/");
    ConnectionSettings routed = new ConnectionSettings(routes::get);

    assertThat(routed.from(connection("eu", null, "t")).baseUrl().toString())
        .isEqualTo("http://127.0.0.1:9/eu-stand-in");
    assertThat(routed.from(connection("us", null, "t")).baseUrl().toString())
        .isEqualTo("https://api.intercom.io/");
    routes.put("intercom.connector.region.eu.url", "http://proxy.example.com/");
    assertThatThrownBy(() -> new ConnectionSettings(routes::get).from(connection("eu", null, "t")))
        .isInstanceOf(IntercomInputException.class)
        .hasMessageContaining("intercom.connector.region.eu.url")
        .hasMessageContaining("INTERCOM_CONNECTOR_REGION_EU_URL")
        .hasMessageContaining("https");
  }

  @Test
  void aConnectionsSettingsAreCheckedOnceAndKeptForTheLastConnections() {
    ConnectionSettings settings = new ConnectionSettings(property -> null);
    IntercomSettings first = settings.from(connection("us", null, "t"));
    assertThat(settings.from(connection("us", null, "t"))).isSameAs(first);
    assertThat(settings.from(connection("eu", null, "t"))).isNotSameAs(first);
    assertThat(settings.from(connection("us", null, "other"))).isNotSameAs(first);

    for (int i = 0; i < ConnectionSettings.REMEMBERED; i++) {
      settings.from(connection("us", null, "token-" + i));
    }
    assertThat(settings.remembered()).isEqualTo(ConnectionSettings.REMEMBERED);
    assertThat(settings.from(connection("us", null, "t")))
        .as("the least recently used is dropped")
        .isNotSameAs(first);
  }

  @Test
  void aRefusedConnectionIsRefusedEveryTime() {
    ConnectionSettings settings = new ConnectionSettings(property -> null);
    IntercomConnection plainHttp = connection("custom", "http://gateway.example.com", "t");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> settings.from(plainHttp))
          .isInstanceOf(IntercomInputException.class)
          .hasMessageContaining("https");
    }
    assertThatThrownBy(() -> settings.from(null)).isInstanceOf(NullPointerException.class);
    assertThat(settings.remembered()).isZero();
  }

  @Test
  void theSystemEnvironmentReadsPropertiesThenVariables() {
    assertThat(RuntimeEnvironment.variableName("intercom.connector.region.eu.url"))
        .isEqualTo("INTERCOM_CONNECTOR_REGION_EU_URL");
    assertThat(RuntimeEnvironment.SYSTEM.get("java.version"))
        .isEqualTo(System.getProperty("java.version"));
    assertThat(RuntimeEnvironment.SYSTEM.get("path")).isEqualTo(System.getenv("PATH"));
    assertThat(RuntimeEnvironment.SYSTEM.get("intercom.connector.no.such.setting")).isNull();
  }

  @Test
  void timeoutsHaveDefaultsAndCanBeChanged() {
    assertThat(settings(connection("us", null, "t")).timeouts())
        .isEqualTo(IntercomSettings.Timeouts.DEFAULT);
    var custom = new IntercomConnection("t", "us", null, "2.16", null, 2, 3, 4);
    assertThat(settings(custom).timeouts())
        .isEqualTo(
            new IntercomSettings.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)));
  }

  @Test
  void gatewayModeSendsNoAuthorizationAndKeepsThePathPrefix() throws Exception {
    server.enqueue(json(200, SUBSCRIPTION_108));
    TestClock clock = new TestClock();
    var function =
        new AttachSubscriptionFunction(Fixtures.service(new RecordingSleeper(clock), clock));
    Map<String, Object> vars = Fixtures.attachVariables(server);
    @SuppressWarnings("unchecked")
    Map<String, Object> conn = (Map<String, Object>) vars.get("connection");
    conn.put("accessToken", "");
    conn.put("baseUrl", server.url("/gw/v1/").toString());

    function.execute(Fixtures.context(vars));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isNull();
    assertThat(request.getTarget())
        .isEqualTo("/gw/v1/contacts/63a07ddf05a32042dffac965/subscriptions");
  }
}
