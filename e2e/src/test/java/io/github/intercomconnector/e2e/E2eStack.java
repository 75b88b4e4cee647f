/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.EngineProcesses;
import io.github.intercomconnector.examples.EvidenceJournal;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole stack, started once for all end-to-end tests of this JVM: the in-memory Zeebe engine,
 * the Spring connector runtime (which finds the connector through service loading from its jar),
 * and Intercom sandboxes on loopback. Each sandbox stands for a workspace: the US one the examples
 * use, Europe and Australia (reached through a custom base URL standing in for their hosts), a
 * gateway that needs no token, and sandboxes for rate limits, faults and errors. Their tokens and
 * URLs reach the processes only as connector secrets.
 */
final class E2eStack {

  static final String US_TOKEN = "tok_E2E_us_workspace_9f2c";
  static final String EU_TOKEN = "tok_E2E_eu_workspace_41ab";
  static final String AU_TOKEN = "tok_E2E_au_workspace_77d0";
  static final List<String> TOKENS = List.of(US_TOKEN, EU_TOKEN, AU_TOKEN);

  /**
   * The onboarding example as drawn with template version 1 (contact and type by id), kept
   * unchanged: tests about transport (regions, errors, rate limits) start from it, and it proves
   * that version 1 diagrams run.
   */
  static final String ONBOARDING_BY_ID = "diagrams/onboarding-template-v1.bpmn";

  static final String ONBOARDING_BY_ID_PROCESS = "onboarding-template-v1";

  /**
   * The GDPR consent example as it was drawn with Attach and Detach version 1 (an exclusive gateway
   * on consentGiven, contact and type by id), kept unchanged: tests of errors start from it.
   */
  static final String GDPR_BY_ID = "diagrams/gdpr-consent-template-v1.bpmn";

  static final String GDPR_BY_ID_PROCESS = "gdpr-consent-template-v1";

  /** Requests per one-second window the rate-limit sandbox accepts. */
  static final int RATE_LIMIT = 20;

  private static E2eStack instance;

  final ZeebeTestEngine engine;
  final IntercomSandbox us;
  final IntercomSandbox eu;
  final IntercomSandbox au;
  final IntercomSandbox gateway;
  final IntercomSandbox rateLimited;
  final IntercomSandbox faulty;
  final IntercomSandbox strictRateLimit;
  final IntercomSandbox sharedA;
  final IntercomSandbox sharedB;

  /** Where the example processes keep evidence and send messages ({@code EVIDENCE_JOURNAL_URL}). */
  final EvidenceJournal journal;

  final Map<String, String> secrets = new LinkedHashMap<>();
  final ConnectorRuntime runtime;
  final EngineProcesses processes;
  private final AtomicInteger variants = new AtomicInteger();

  static synchronized E2eStack get() {
    if (instance == null) {
      try {
        instance = new E2eStack();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
    }
    return instance;
  }

  private E2eStack() throws IOException {
    us = IntercomSandbox.builder().tokens(US_TOKEN).start();
    eu = IntercomSandbox.builder().tokens(EU_TOKEN).start();
    au = IntercomSandbox.builder().tokens(AU_TOKEN).start();
    gateway = IntercomSandbox.builder().gatewayMode(true).start();
    rateLimited = IntercomSandbox.builder().tokens(US_TOKEN).rateLimit(RATE_LIMIT, 1).start();
    faulty = IntercomSandbox.builder().tokens(US_TOKEN).start();
    // One call in a window that does not end during the run (it resets in 2033): the second call
    // is rate limited whatever the time of day.
    strictRateLimit =
        IntercomSandbox.builder().tokens(US_TOKEN).rateLimit(1, 1_000_000_000).start();
    // Same workspace seen by two runtimes: each runtime's secret points at its own copy, so the
    // copies' journals tell which runtime did which job.
    sharedA = IntercomSandbox.builder().tokens(US_TOKEN).start();
    sharedB = IntercomSandbox.builder().tokens(US_TOKEN).start();
    secrets.put("INTERCOM_ACCESS_TOKEN", US_TOKEN);
    secrets.put("INTERCOM_BASE_URL", us.baseUrl());
    secrets.put("INTERCOM_EU_ACCESS_TOKEN", EU_TOKEN);
    secrets.put("INTERCOM_EU_BASE_URL", eu.baseUrl());
    secrets.put("INTERCOM_AU_ACCESS_TOKEN", AU_TOKEN);
    secrets.put("INTERCOM_AU_BASE_URL", au.baseUrl());
    secrets.put("INTERCOM_GATEWAY_URL", gateway.baseUrl());
    secrets.put("INTERCOM_RATE_LIMITED_URL", rateLimited.baseUrl());
    secrets.put("INTERCOM_FAULTY_URL", faulty.baseUrl());
    secrets.put("INTERCOM_STRICT_URL", strictRateLimit.baseUrl());
    secrets.put("INTERCOM_WRONG_TOKEN", "tok_E2E_revoked_0000");
    secrets.put("INTERCOM_SHARED_URL", sharedA.baseUrl());
    journal = EvidenceJournal.start(null);
    secrets.put("EVIDENCE_JOURNAL_URL", journal.evidenceUrl());
    secrets.put("OUTBOX_URL", journal.outboxUrl());
    // The runtime operator's routing of a region (see README): Europe goes to the EU sandbox,
    // so a diagram drawn with region "Europe" in the Modeler runs here unchanged.
    System.setProperty("intercom.connector.region.eu.url", eu.baseUrl());
    // The examples use region "United States", as they would in a real cluster: here it is the
    // US sandbox.
    System.setProperty("intercom.connector.region.us.url", us.baseUrl());
    engine = InMemoryEngines.start();
    runtime = startRuntime(Map.of());
    processes = new EngineProcesses(engine, runtime.client());
    processes.deployClasspath(
        "processes/onboarding.bpmn",
        "processes/gdpr-consent.bpmn",
        "processes/subject-access-request.bpmn",
        "processes/double-opt-in.bpmn",
        "processes/withdraw-everything.bpmn",
        "processes/erasure-request.bpmn",
        ONBOARDING_BY_ID,
        GDPR_BY_ID,
        EarlierTemplateVersionsE2eTest.ONBOARDING_ATTACH_V2,
        EarlierTemplateVersionsE2eTest.GDPR_SET_CONSENT_V1,
        EarlierTemplateVersionsE2eTest.SAR_GET_CONSENT_V1,
        EarlierTemplateVersionsE2eTest.GDPR_ATTACH_DETACH_V2,
        EarlierTemplateVersionsE2eTest.GDPR_SET_CONSENT_V2,
        EarlierTemplateVersionsE2eTest.ONBOARDING_ATTACH_V3,
        EarlierTemplateVersionsE2eTest.WITHDRAW_DETACH_V3,
        EarlierTemplateVersionsE2eTest.ERASURE_ERASE_V1);
  }

  /**
   * Adds a person of a test's own to the US workspace, so that the example workspace's people stay
   * as the other tests expect them: a contact with its role, email, external id (or none) and the
   * subscription types it chose ({@code {"108": "opt_in"}}).
   */
  String person(
      String id, String role, String email, String externalId, Map<String, String> subscriptions) {
    com.fasterxml.jackson.databind.node.ObjectNode contact =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    contact.put("id", id).put("role", role).put("email", email).put("external_id", externalId);
    subscriptions.forEach(contact.putObject("subscriptions")::put);
    return us.state().addContact(contact);
  }

  /** Starts a connector runtime on the engine; {@code secretOverrides} replace secrets. */
  ConnectorRuntime startRuntime(Map<String, String> secretOverrides) {
    return startRuntime(secretOverrides, Map.of());
  }

  /** Starts a connector runtime on the engine with these secrets replaced and these settings. */
  ConnectorRuntime startRuntime(
      Map<String, String> secretOverrides, Map<String, String> properties) {
    Map<String, String> own = new LinkedHashMap<>(secrets);
    own.putAll(secretOverrides);
    Map<String, String> settings = new LinkedHashMap<>(properties);
    settings.putIfAbsent("spring.main.banner-mode", "off");
    return ConnectorRuntime.forEmbeddedEngine(engine.getGatewayAddress(), own, settings);
  }

  /** Deploys a changed copy of an example under a fresh process id and returns that id. */
  String deploy(ExampleVariant variant) {
    processes.deploy(variant.model(), variant.processId() + ".bpmn");
    return variant.processId();
  }

  /** A variant of an example process (or a diagram) with a process id no other test uses. */
  ExampleVariant variant(String exampleFile) {
    String base = exampleFile.replaceAll(".*/", "").replace(".bpmn", "");
    return ExampleVariant.of(exampleFile, "e2e-" + base + "-" + variants.incrementAndGet());
  }

  private void stop() {
    runtime.close();
    journal.close();
    engine.stop();
    for (IntercomSandbox s :
        List.of(us, eu, au, gateway, rateLimited, faulty, strictRateLimit, sharedA, sharedB)) {
      s.close();
    }
  }
}
