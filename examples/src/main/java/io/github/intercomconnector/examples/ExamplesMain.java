/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.NEWSLETTERS;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.github.intercomconnector.client.Region;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.time.Duration;
import java.util.ArrayList;
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

  /** How long a new sign-up stays out of the sandbox's search, as in Intercom. */
  static final Duration SEARCH_LAG = Duration.ofSeconds(5);

  /** A customer who signs up while the examples run. */
  static final String JOAN = "6650a1c0e5b1a2f3c4d5e609";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExamplesMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    boolean cluster = env.keySet().stream().anyMatch(k -> k.startsWith("CAMUNDA_CLIENT_"));
    String token = blankToNull(env.get("INTERCOM_ACCESS_TOKEN"));
    IntercomSandbox sandbox = null;
    Map<String, String> secrets = new LinkedHashMap<>();
    if (token != null) {
      secrets.put("INTERCOM_ACCESS_TOKEN", token);
      secrets.put("INTERCOM_BASE_URL", regionUrl(env.getOrDefault("INTERCOM_REGION", "us")));
    } else {
      String sandboxToken = "sandbox-" + UUID.randomUUID();
      sandbox = IntercomSandbox.builder().tokens(sandboxToken).searchLag(SEARCH_LAG).start();
      secrets.put("INTERCOM_ACCESS_TOKEN", sandboxToken);
      secrets.put("INTERCOM_BASE_URL", sandbox.baseUrl());
    }
    String target =
        sandbox != null
            ? "the Intercom sandbox at " + sandbox.baseUrl()
            : secrets.get("INTERCOM_BASE_URL");
    if (cluster) {
      serveCluster(secrets, target);
      return;
    }
    int exit = runExamples(secrets, sandbox, target);
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

  static int runExamples(Map<String, String> secrets, IntercomSandbox sandbox, String target)
      throws Exception {
    System.out.println(
        "Starting an in-memory Zeebe engine and the connector runtime; Intercom is " + target);
    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    try (ConnectorRuntime runtime =
        ConnectorRuntime.forEmbeddedEngine(
            engine.getGatewayAddress(),
            secrets,
            Map.of(
                "spring.main.banner-mode", "off",
                "logging.level.root", "WARN",
                "logging.level.io.camunda", "WARN",
                "logging.level.io.camunda.connector.runtime.core.secret", "ERROR"))) {
      EngineProcesses processes = new EngineProcesses(engine, runtime.client());
      processes.deployClasspath("processes/onboarding.bpmn", "processes/gdpr-consent.bpmn");
      List<ExampleScenario> scenarios = sandbox != null ? sandboxScenarios() : realScenarios();
      int failed = 0;
      for (ExampleScenario scenario : scenarios) {
        if (!run(scenario, processes, sandbox)) {
          failed++;
        }
      }
      System.out.printf(
          "%n%d of %d example runs ended as expected.%n",
          scenarios.size() - failed, scenarios.size());
      return failed == 0 ? 0 : 1;
    } finally {
      engine.stop();
    }
  }

  private static boolean run(ExampleScenario s, EngineProcesses processes, IntercomSandbox sandbox)
      throws Exception {
    if (sandbox != null) {
      s.prepare().accept(sandbox);
    }
    Map<String, String> before =
        sandbox == null ? Map.of() : sandbox.state().consents(s.contactId());
    long started = System.nanoTime();
    ProcessOutcome outcome = processes.run(s.processId(), s.variables(), Duration.ofSeconds(60));
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
      problem = s.check().apply(new ExampleScenario.Check(outcome, before, after));
    }
    System.out.printf("%n== %s (%s) ==%n", s.name(), s.processId());
    System.out.println("   variables in: " + s.variables());
    if (sandbox != null) {
      System.out.println("   consents of contact " + s.contactId() + " before: " + before);
      System.out.println("   consents of contact " + s.contactId() + " after:  " + after);
    }
    Map<String, Object> out = new LinkedHashMap<>(outcome.variables());
    s.variables().keySet().forEach(out::remove);
    for (Object value : out.values()) {
      if (value instanceof Map<?, ?> result
          && result.get("consentEvidence") instanceof Map<?, ?> evidence
          && evidence.get("contacts") instanceof List<?> used) {
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
                    + c.get("outcome"));
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

  /** The example runs against the sandbox's example workspace. */
  public static List<ExampleScenario> sandboxScenarios() {
    List<ExampleScenario> list = new ArrayList<>();
    list.add(
        new ExampleScenario(
            "Onboarding: Ada opts in to the newsletter, found by email, the type by its name",
            "intercom-onboarding",
            ADA,
            Map.of("email", "ada@example.com"),
            "CustomerOnboarded",
            c -> {
              Object model = c.outcome().variable("newsletterSubscription");
              if (!(model instanceof Map<?, ?> m)
                  || !NEWSLETTERS.equals(m.get("id"))
                  || !"opt_in".equals(m.get("consent_type"))) {
                return "newsletterSubscription is not Intercom's model of type 108: " + model;
              }
              if (!usedContact(m, ADA, "email")) {
                return "consentEvidence does not name Ada found by email: " + m;
              }
              if (!Map.of(NEWSLETTERS, "opt_in").equals(c.consentsAfter())) {
                return "expected only the newsletter opted in, marketing opt-out types untouched;"
                    + " got "
                    + c.consentsAfter();
              }
              return null;
            }));
    list.add(
        new ExampleScenario(
            "Onboarding: Joan signed up a moment ago; Intercom's search finds her after "
                + SEARCH_LAG.toSeconds()
                + " s",
            "intercom-onboarding",
            JOAN,
            Map.of("email", "joan@example.com"),
            "CustomerOnboarded",
            c ->
                Map.of(NEWSLETTERS, "opt_in").equals(c.consentsAfter())
                        && c.outcome().variable("newsletterSubscription") instanceof Map<?, ?> m
                        && usedContact(m, JOAN, "email")
                    ? null
                    : "Joan is not opted in: " + c.consentsAfter(),
            sandbox ->
                sandbox
                    .state()
                    .addContact(
                        JSON.createObjectNode()
                            .put("id", JOAN)
                            .put("role", "user")
                            .put("name", "Joan Clarke")
                            .put("email", "joan@example.com")
                            .put("external_id", "cust-1009"))));
    list.add(
        new ExampleScenario(
            "GDPR: Grace gives consent to product updates",
            "intercom-gdpr-consent",
            GRACE,
            Map.of("contactId", GRACE, "subscriptionTypeId", "110", "consentGiven", true),
            "ConsentRecorded",
            c ->
                "opt_in".equals(c.consentsAfter().get("110"))
                    ? null
                    : "110 is not opted in: " + c.consentsAfter()));
    list.add(
        new ExampleScenario(
            "GDPR: Alan withdraws consent to product updates",
            "intercom-gdpr-consent",
            ALAN,
            Map.of("contactId", ALAN, "subscriptionTypeId", "110", "consentGiven", false),
            "ConsentWithdrawn",
            c -> {
              if (c.consentsAfter().containsKey("110")) {
                return "110 is still attached: " + c.consentsAfter();
              }
              Object model = c.outcome().variable("consentSubscription");
              return model instanceof Map<?, ?> m
                      && "110".equals(m.get("id"))
                      && m.containsKey("state")
                  ? null
                  : "consentSubscription is not the removed model: " + model;
            }));
    list.add(
        new ExampleScenario(
            "GDPR: Alan withdraws again (already detached counts as success)",
            "intercom-gdpr-consent",
            ALAN,
            Map.of("contactId", ALAN, "subscriptionTypeId", "110", "consentGiven", false),
            "ConsentWithdrawn",
            c ->
                c.outcome().variable("consentSubscription") instanceof Map<?, ?> m
                        && Boolean.TRUE.equals(m.get("already_detached"))
                    ? null
                    : "expected already_detached: " + c.outcome().variable("consentSubscription")));
    list.add(
        new ExampleScenario(
            "GDPR: consent for a contact Intercom does not know",
            "intercom-gdpr-consent",
            "unknown-contact",
            Map.of(
                "contactId", "unknown-contact", "subscriptionTypeId", "110", "consentGiven", true),
            "UnknownContact",
            c ->
                c.outcome().variable("consentIssue") != null
                    ? null
                    : "consentIssue was not recorded"));
    return list;
  }

  /** Whether the result's evidence names this contact, found this way. */
  private static boolean usedContact(Map<?, ?> result, String id, String foundBy) {
    return result.get("consentEvidence") instanceof Map<?, ?> evidence
        && evidence.get("contacts") instanceof List<?> contacts
        && contacts.stream()
            .anyMatch(c ->
                c instanceof Map<?, ?> m
                    && id.equals(m.get("id"))
                    && foundBy.equals(m.get("foundBy")));
  }

  /**
   * Against the real Intercom: a test contact (its id and email) and an opt-in type come from the
   * environment; the onboarding finds the type by its name, Newsletters.
   */
  private static List<ExampleScenario> realScenarios() {
    String contact = required("INTERCOM_EXAMPLE_CONTACT_ID");
    String email = required("INTERCOM_EXAMPLE_EMAIL");
    String type = required("INTERCOM_EXAMPLE_SUBSCRIPTION_TYPE_ID");
    return List.of(
        new ExampleScenario(
            "Onboarding",
            "intercom-onboarding",
            contact,
            Map.of("email", email),
            "CustomerOnboarded",
            c -> null),
        new ExampleScenario(
            "GDPR: consent given",
            "intercom-gdpr-consent",
            contact,
            Map.of("contactId", contact, "subscriptionTypeId", type, "consentGiven", true),
            "ConsentRecorded",
            c -> null),
        new ExampleScenario(
            "GDPR: consent withdrawn",
            "intercom-gdpr-consent",
            contact,
            Map.of("contactId", contact, "subscriptionTypeId", type, "consentGiven", false),
            "ConsentWithdrawn",
            c -> null));
  }

  private static String required(String name) {
    String value = blankToNull(System.getenv(name));
    if (value == null) {
      throw new IllegalStateException(
          name
              + " must be set to run the examples against the real Intercom: a test contact's id"
              + " (INTERCOM_EXAMPLE_CONTACT_ID) and email (INTERCOM_EXAMPLE_EMAIL), and an opt-in"
              + " subscription type (INTERCOM_EXAMPLE_SUBSCRIPTION_TYPE_ID) named Newsletters");
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
