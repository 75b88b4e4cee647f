/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator scrapes from the runtime's Prometheus endpoint after the tests before this one
 * (lookups that waited for Intercom's search, a burst at the rate limit, transient faults): the
 * connector's calls with their latency, 429s, rate-limit waits, the room left in each app's window,
 * retries and search waits, tagged by app fingerprint and never by token.
 */
@Order(6)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MetricsE2eTest {

  final E2eStack stack = E2eStack.get();

  @Test
  void theRuntimesPrometheusEndpointShowsWhatTheConnectorDid() throws Exception {
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + stack.runtime.managementPort()
                                + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(scrape.statusCode()).isEqualTo(200);
    List<String> ours =
        scrape.body().lines().filter(l -> l.startsWith("intercom_connector_")).toList();
    assertThat(ours)
        .anyMatch(l ->
            l.startsWith("intercom_connector_calls_seconds_count{")
                && l.contains("operation=\"POST /contacts/{contact_id}/subscriptions\"")
                && l.contains("outcome=\"2xx\""))
        .anyMatch(l ->
            l.startsWith("intercom_connector_calls_seconds_count{")
                && l.contains("outcome=\"5xx\""))
        .anyMatch(l -> l.startsWith("intercom_connector_calls_seconds_sum{"))
        .anyMatch(
            l -> l.startsWith("intercom_connector_rate_limit_remaining{app=\"http://127.0.0.1:"))
        .anyMatch(
            l -> l.startsWith("intercom_connector_rate_limit_waits_total{") && !l.endsWith(" 0.0"))
        .anyMatch(l -> l.startsWith("intercom_connector_retries_total{") && !l.endsWith(" 0.0"))
        .anyMatch(
            l -> l.startsWith("intercom_connector_search_waits_total") && !l.endsWith(" 0.0"));
    for (String token : E2eStack.TOKENS) {
      assertThat(scrape.body()).doesNotContain(token);
    }
    assertThat(scrape.body()).doesNotContain("@example.com");
  }
}
