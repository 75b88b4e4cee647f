/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.EngineProcesses;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The 8.8.7 runtime set up as 8.9 runs jobs, on virtual threads: jobs that must wait for their turn
 * in the rate limit wait in place (up to 12 s) instead of being handed back, and all complete
 * within the limit. Its own engine and sandbox, so that no other runtime takes these jobs.
 */
@Order(4)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class VirtualThreadsE2eTest {

  static final int INSTANCES = 40;

  /** Calls a second: 40 calls take 8 s at least, so most jobs wait for their turn. */
  static final int LIMIT = 5;

  static final String[] CONTACTS = {ADA, GRACE, ALAN, KATHERINE};

  final E2eStack stack = E2eStack.get();

  @Test
  void onVirtualThreadsJobsWaitForTheirTurnInPlaceAndAllCompleteWithinTheLimit() throws Exception {
    ZeebeTestEngine engine = InMemoryEngines.start();
    try (IntercomSandbox sandbox =
            IntercomSandbox.builder().tokens(E2eStack.US_TOKEN).rateLimit(LIMIT, 1).start();
        ConnectorRuntime runtime =
            ConnectorRuntime.forEmbeddedEngineOnVirtualThreads(
                engine.getGatewayAddress(),
                secrets(sandbox),
                Map.of(
                    "spring.main.banner-mode", "off",
                    "camunda.client.worker.defaults.max-jobs-active", "32"),
                8)) {
      EngineProcesses processes = new EngineProcesses(engine, runtime.client());
      ExampleVariant variant =
          stack
              .variant(E2eStack.ONBOARDING_BY_ID)
              .input("connection.baseUrl", "{{secrets.INTERCOM_VIRTUAL_URL}}");
      processes.deploy(variant.model(), variant.processId() + ".bpmn");

      List<Long> instances = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        instances.add(
            processes.start(
                variant.processId(),
                Map.of(
                    "contactId",
                    CONTACTS[i % CONTACTS.length],
                    "newsletterSubscriptionTypeId",
                    "108")));
      }
      List<ProcessOutcome> outcomes = new ArrayList<>();
      for (long key : instances) {
        outcomes.add(processes.await(key, Duration.ofSeconds(120)));
      }

      assertThat(outcomes).allSatisfy(o -> assertThat(o.incidents()).isEmpty());
      assertThat(outcomes)
          .allSatisfy(o -> assertThat(o.endEventId()).isEqualTo("CustomerOnboarded"));
      assertThat(sandbox.maxRequestsInAWindow()).isLessThanOrEqualTo(LIMIT);
      assertThat(sandbox.rateLimitedCalls()).isZero();
      List<String> waits = waits(runtime, sandbox.baseUrl());
      assertThat(waits)
          .as("waits for the rate limit spent on the job's virtual thread")
          .anySatisfy(l ->
              assertThat(l)
                  .contains("how=\"in_worker\"")
                  .satisfies(w ->
                      assertThat(Double.parseDouble(w.substring(w.lastIndexOf(' ') + 1)))
                          .isGreaterThanOrEqualTo(INSTANCES / 4)));
      assertThat(waits)
          .as("no job handed back to wait")
          .noneSatisfy(l -> assertThat(l).contains("how=\"handed_back\""));
    } finally {
      engine.stop();
    }
  }

  /** The stack's secrets, and this test's sandbox as INTERCOM_VIRTUAL_URL. */
  private Map<String, String> secrets(IntercomSandbox sandbox) {
    Map<String, String> secrets = new LinkedHashMap<>(stack.secrets);
    secrets.put("INTERCOM_VIRTUAL_URL", sandbox.baseUrl());
    return secrets;
  }

  /** The runtime's rate-limit wait counters of this sandbox's app, as Prometheus shows them. */
  private static List<String> waits(ConnectorRuntime runtime, String app) throws Exception {
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + runtime.managementPort()
                                + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    return scrape
        .body()
        .lines()
        .filter(l -> l.startsWith("intercom_connector_rate_limit_waits_total{"))
        .filter(l -> l.contains(app))
        .toList();
  }
}
