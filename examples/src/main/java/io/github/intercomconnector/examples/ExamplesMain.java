/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.github.intercomconnector.client.Region;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack: the Intercom connector in a Camunda connector runtime.
 *
 * <ul>
 *   <li>No cluster configured: starts an in-memory Zeebe engine and the Intercom sandbox (seeded
 *       with the example workspace), deploys the example processes, runs each scenario, prints what
 *       happened and exits 0 only if every instance ended as its example says.
 *   <li>CAMUNDA_CLIENT_MODE (or another CAMUNDA_CLIENT_* setting) set: connects to that cluster and
 *       serves the Intercom tasks there until stopped.
 *   <li>INTERCOM_ACCESS_TOKEN set: talks to the real Intercom (INTERCOM_REGION us, eu or au)
 *       instead of the sandbox.
 * </ul>
 */
public final class ExamplesMain {

  /** The runtime's logger that writes every job a connector hands back at ERROR. */
  static final String HAND_BACK_LOGGER =
      "logging.level.io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler";

  /** The runtime's routing of region "United States" (see the README's "Connect to Intercom"). */
  static final String US_ROUTE = "intercom.connector.region.us.url";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExamplesMain() {}

  public static void main(String[] args) {
    try {
      start();
    } catch (Exception | Error e) {
      // The engine, the sandbox and the journal run on threads that would keep the JVM alive.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void start() throws Exception {
    Map<String, String> env = System.getenv();
    boolean cluster = env.keySet().stream().anyMatch(k -> k.startsWith("CAMUNDA_CLIENT_"));
    String token = blankToNull(env.get("INTERCOM_ACCESS_TOKEN"));
    IntercomSandbox sandbox = null;
    Map<String, String> secrets = new LinkedHashMap<>();
    // The example processes use region "United States" and only the token secret, as they would
    // in a real cluster. The runtime operator's routing of a region (see the README) sends that
    // region's calls to the sandbox, or to the region INTERCOM_REGION names.
    String target;
    if (token != null) {
      secrets.put("INTERCOM_ACCESS_TOKEN", token);
      target = regionUrl(env.getOrDefault("INTERCOM_REGION", "us"));
    } else {
      String sandboxToken = "sandbox-" + UUID.randomUUID();
      sandbox =
          IntercomSandbox.builder()
              .tokens(sandboxToken)
              .searchLag(SandboxScenarios.SEARCH_LAG)
              .start();
      secrets.put("INTERCOM_ACCESS_TOKEN", sandboxToken);
      target = sandbox.baseUrl();
    }
    System.setProperty(US_ROUTE, target);
    // Where the processes keep evidence and send their answers: secrets, as in a real cluster.
    EvidenceJournal journal = EvidenceJournal.start(Path.of("examples", "target", "journal"));
    secrets.put("EVIDENCE_JOURNAL_URL", journal.evidenceUrl());
    secrets.put("OUTBOX_URL", journal.outboxUrl());
    // The app's client secret, with which Intercom (here the sandbox) signs its webhooks.
    secrets.put("INTERCOM_CLIENT_SECRET", "sandbox-client-secret-" + UUID.randomUUID());
    System.out.println(
        "The processes' region \"United States\" is routed to "
            + (sandbox != null ? "the Intercom sandbox at " : "")
            + target
            + " ("
            + US_ROUTE
            + ").");
    if (cluster) {
      serveCluster(secrets, target);
      return;
    }
    int exit = runExamples(secrets, sandbox, journal, target);
    journal.close();
    if (sandbox != null) {
      sandbox.close();
    }
    System.exit(exit);
  }

  private static void serveCluster(Map<String, String> secrets, String target) throws Exception {
    ConnectorRuntime runtime = ConnectorRuntime.fromEnvironment(secrets);
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
    System.out.println(
        "Serving the Intercom tasks of the configured Camunda cluster, calling "
            + target
            + ". Ctrl-C stops.");
    new CountDownLatch(1).await();
  }

  static int runExamples(
      Map<String, String> secrets, IntercomSandbox sandbox, EvidenceJournal journal, String target)
      throws Exception {
    System.out.println(
        "Starting an in-memory Zeebe engine and the connector runtime; Intercom is " + target);
    ZeebeTestEngine engine = InMemoryEngines.start();
    try (ConnectorRuntime runtime =
        ConnectorRuntime.forEmbeddedEngineWithWebhooks(
            engine,
            secrets,
            Map.of(
                "spring.main.banner-mode",
                "off",
                "logging.level.root",
                "WARN",
                "logging.level.io.camunda",
                "WARN",
                "logging.level.io.camunda.connector.runtime.core.secret",
                "ERROR",
                // The README's setting for operators: no ERROR line for each job handed back to
                // wait; the connector logs each failed job itself, at INFO.
                HAND_BACK_LOGGER,
                "OFF"))) {
      EngineProcesses processes = new EngineProcesses(engine, runtime.client());
      processes.deployClasspath(
          "processes/onboarding.bpmn",
          "processes/gdpr-consent.bpmn",
          "processes/subject-access-request.bpmn",
          "processes/double-opt-in.bpmn",
          "processes/withdraw-everything.bpmn",
          "processes/consent-withdrawn-in-intercom.bpmn",
          "processes/erasure-request.bpmn");
      if (sandbox != null) {
        URI webhook =
            URI.create(
                "http://127.0.0.1:" + runtime.port() + "/inbound/" + CONSENT_WITHDRAWN_WEBHOOK);
        sandbox.sendWebhooksTo(webhook, secrets.get("INTERCOM_CLIENT_SECRET"), WEBHOOK_RETRY);
        System.out.println(
            "The sandbox sends its webhooks, signed with the app's client secret, to " + webhook);
        awaitWebhook(webhook);
      }
      List<ExampleScenario> scenarios = sandbox != null ? SandboxScenarios.all() : realScenarios();
      int failed = 0;
      for (ExampleScenario scenario : scenarios) {
        if (!run(scenario, processes, sandbox, journal)) {
          failed++;
        }
      }
      System.out.printf(
          "%nThe journal kept %d evidence records and the outbox %d messages (append-only, in"
              + " examples/target/journal).%n",
          journal.evidence().size(), journal.outbox().size());
      System.out.printf(
          "%n%d of %d example runs ended as expected.%n",
          scenarios.size() - failed, scenarios.size());
      return failed == 0 ? 0 : 1;
    } finally {
      engine.stop();
    }
  }

  /** Where "Consent withdrawn in Intercom" listens (its start event's webhook ID). */
  static final String CONSENT_WITHDRAWN_WEBHOOK = "intercom-consent-withdrawn";

  /** Intercom sends a failed notification again after a minute; the sandbox, sooner. */
  static final Duration WEBHOOK_RETRY = Duration.ofSeconds(2);

  /**
   * Waits until the runtime has found the webhook's start event (its importer polls the deployed
   * processes): until then the URL answers 404.
   */
  static void awaitWebhook(URI webhook) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      int status =
          http.send(
                  HttpRequest.newBuilder(webhook).POST(HttpRequest.BodyPublishers.noBody()).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status != 404) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("The runtime did not activate the webhook " + webhook);
  }

  private static boolean run(
      ExampleScenario s,
      EngineProcesses processes,
      IntercomSandbox sandbox,
      EvidenceJournal journal)
      throws Exception {
    int evidenceBefore = journal.evidence().size();
    int messagesBefore = journal.outbox().size();
    if (s.startedInIntercom() && sandbox == null) {
      return true; // Intercom cannot reach this machine's webhook
    }
    if (sandbox != null && !s.startedInIntercom()) {
      s.prepare().accept(sandbox);
    }
    Map<String, String> before =
        sandbox == null ? Map.of() : sandbox.state().consents(s.contactId());
    long started = System.nanoTime();
    long key;
    if (s.startedInIntercom()) {
      int earlier = processes.instancesOf(s.processId()).size();
      s.prepare().accept(sandbox); // the person acts in Intercom, which sends its webhook
      key = processes.awaitNewInstance(s.processId(), earlier, Duration.ofSeconds(30));
    } else {
      key = processes.start(s.processId(), s.variables());
    }
    s.meanwhile().accept(processes);
    ProcessOutcome outcome = processes.await(key, Duration.ofSeconds(60));
    long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    Map<String, String> after =
        sandbox == null ? Map.of() : sandbox.state().consents(s.contactId());
    String problem;
    if (!outcome.incidents().isEmpty()) {
      problem = "incident: " + outcome.incidents().get(0).errorMessage();
    } else if (!outcome.completed()) {
      problem = "did not complete within 60 s";
    } else if (!Objects.equals(outcome.endEventId(), s.expectedEndEvent())) {
      problem = "ended at " + outcome.endEventId() + " instead of " + s.expectedEndEvent();
    } else {
      List<JsonNode> kept = journal.evidence();
      List<JsonNode> sent = journal.outbox();
      problem =
          s.check()
              .apply(
                  new ExampleScenario.Check(
                      outcome,
                      before,
                      after,
                      kept.subList(evidenceBefore, kept.size()),
                      sent.subList(messagesBefore, sent.size()),
                      sandbox == null ? null : sandbox.state().contact(s.contactId())));
    }
    System.out.printf("%n== %s (%s) ==%n", s.name(), s.processId());
    System.out.println(
        "   "
            + (s.startedInIntercom()
                ? "started by Intercom's webhook, signed and checked"
                : "variables in: " + s.variables()));
    if (sandbox != null) {
      System.out.println("   consents of contact " + s.contactId() + " before: " + before);
      System.out.println("   consents of contact " + s.contactId() + " after:  " + after);
    }
    Map<String, Object> out = new LinkedHashMap<>(outcome.variables());
    if (!s.startedInIntercom()) {
      s.variables().keySet().forEach(out::remove);
    }
    for (Object value : out.values()) {
      Object proof =
          value instanceof Map<?, ?> result
              ? result.containsKey("consentEvidence")
                  ? result.get("consentEvidence")
                  : result.get("erasureEvidence")
              : null;
      if (proof instanceof Map<?, ?> evidence && evidence.get("contacts") instanceof List<?> used) {
        for (Object contact : used) {
          if (contact instanceof Map<?, ?> c) {
            System.out.println(
                "   contact used: "
                    + c.get("id")
                    + " ("
                    + (c.get("role") == null ? "role not read" : c.get("role"))
                    + ", found by "
                    + c.get("foundBy")
                    + ") -> "
                    + c.get("action"));
          }
        }
      }
    }
    System.out.println(
        "   process variables set: " + JSON.writeValueAsString(out).replace("\n", "\n   "));
    System.out.println(
        "   ended at: "
            + outcome.endEventId()
            + " after "
            + (tookMillis < 1000 ? "under a second" : tookMillis / 1000 + " s")
            + (problem == null ? "  -> OK" : "  -> FAILED: " + problem));
    return problem == null;
  }

  /**
   * Against the real Intercom: a test user (its email and external id) comes from the environment,
   * with an opt-in subscription type named Newsletters in the workspace.
   */
  private static List<ExampleScenario> realScenarios() {
    String email = required("INTERCOM_EXAMPLE_EMAIL");
    String externalId = required("INTERCOM_EXAMPLE_EXTERNAL_ID");
    return List.of(
        new ExampleScenario(
            "Onboarding",
            "intercom-onboarding",
            externalId,
            Map.of("email", email, "newsletterOptIn", true),
            "CustomerOnboarded",
            c -> null),
        new ExampleScenario(
            "GDPR: consent given",
            "intercom-gdpr-consent",
            externalId,
            Map.of(
                "customerId", externalId, "subscriptionName", "Newsletters", "consentGiven", true),
            "ConsentRecorded",
            c -> null),
        new ExampleScenario(
            "GDPR: consent withdrawn",
            "intercom-gdpr-consent",
            externalId,
            Map.of(
                "customerId", externalId, "subscriptionName", "Newsletters", "consentGiven", false),
            "ConsentRecorded",
            c -> null),
        new ExampleScenario(
            "Subject access request",
            "intercom-subject-access-request",
            externalId,
            Map.of("email", email),
            "AnswerSent",
            c -> null));
  }

  private static String required(String name) {
    String value = blankToNull(System.getenv(name));
    if (value == null) {
      throw new IllegalStateException(
          name
              + " must be set to run the examples against the real Intercom: a test user's email"
              + " (INTERCOM_EXAMPLE_EMAIL) and external id (INTERCOM_EXAMPLE_EXTERNAL_ID), in a"
              + " workspace with an opt-in subscription type named Newsletters");
    }
    return value;
  }

  static String regionUrl(String region) {
    return Region.byCode(region.isBlank() ? "us" : region)
        .orElseThrow(
            () -> new IllegalStateException("INTERCOM_REGION must be us, eu or au, not " + region))
        .host()
        .toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
