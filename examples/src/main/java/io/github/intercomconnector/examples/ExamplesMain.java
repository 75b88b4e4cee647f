/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.ADA;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.ALAN;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.HEDY_LEAD;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.MARGARET;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.MARKETING_EMAILS;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.NEWSLETTERS;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.PRODUCT_UPDATES;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.github.intercomconnector.client.Region;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    ZeebeTestEngine engine = InMemoryEngines.start();
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
      processes.deployClasspath(
          "processes/onboarding.bpmn",
          "processes/gdpr-consent.bpmn",
          "processes/subject-access-request.bpmn");
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
            "GDPR: Grace (cust-1002) agrees to product updates, an opt-in type",
            "intercom-gdpr-consent",
            GRACE,
            Map.of(
                "customerId", "cust-1002",
                "subscriptionName", "Product updates",
                "consentGiven", true),
            "ConsentRecorded",
            c ->
                consentCheck(c, GRACE, "attached", "opt_in", true)
                    .orElse(
                        Map.of(PRODUCT_UPDATES, "opt_in").equals(c.consentsAfter())
                            ? null
                            : "Product updates is not opted in: " + c.consentsAfter())));
    list.add(
        new ExampleScenario(
            "GDPR: Alan (cust-1003) withdraws consent to product updates",
            "intercom-gdpr-consent",
            ALAN,
            Map.of(
                "customerId", "cust-1003",
                "subscriptionName", "Product updates",
                "consentGiven", false),
            "ConsentRecorded",
            c ->
                consentCheck(c, ALAN, "detached", null, false)
                    .orElse(
                        Map.of(MARKETING_EMAILS, "opt_out").equals(c.consentsAfter())
                            ? null
                            : "expected Product updates detached and Marketing emails kept: "
                                + c.consentsAfter())));
    list.add(
        new ExampleScenario(
            "GDPR: Alan withdraws again: already as he wants it, nothing is written",
            "intercom-gdpr-consent",
            ALAN,
            Map.of(
                "customerId", "cust-1003",
                "subscriptionName", "Product updates",
                "consentGiven", false),
            "ConsentRecorded",
            c ->
                consentCheck(c, ALAN, "unchanged", null, false)
                    .orElse(
                        c.consentsBefore().equals(c.consentsAfter())
                            ? null
                            : "consents changed: " + c.consentsAfter())));
    list.add(
        new ExampleScenario(
            "GDPR: Hedy (cust-1005) declines marketing emails, an opt-out type",
            "intercom-gdpr-consent",
            HEDY,
            Map.of(
                "customerId", "cust-1005",
                "subscriptionName", "Marketing emails",
                "consentGiven", false),
            "ConsentRecorded",
            c ->
                consentCheck(c, HEDY, "attached", "opt_out", false)
                    .orElse(
                        "opt_out".equals(c.consentsAfter().get(MARKETING_EMAILS))
                            ? null
                            : "Marketing emails is not opted out: " + c.consentsAfter())));
    list.add(
        new ExampleScenario(
            "GDPR: consent for a customer Intercom does not know",
            "intercom-gdpr-consent",
            "cust-4040",
            Map.of(
                "customerId", "cust-4040",
                "subscriptionName", "Product updates",
                "consentGiven", true),
            "UnknownContact",
            c ->
                "Intercom does not know customer cust-4040"
                        .equals(c.outcome().variable("consentIssue"))
                    ? null
                    : "consentIssue was not recorded: " + c.outcome().variable("consentIssue")));
    list.add(
        new ExampleScenario(
            "Subject access request: hedy@example.com, a user and a lead with one email",
            "intercom-subject-access-request",
            HEDY_LEAD,
            Map.of("email", "hedy@example.com"),
            "ConsentPictureReady",
            c -> {
              Map<String, Map<?, ?>> pictures = pictures(c);
              if (!pictures.keySet().equals(Set.of(HEDY, HEDY_LEAD))) {
                return "expected the pictures of Hedy's user and lead: " + pictures.keySet();
              }
              Map<?, ?> lead = subscriptions(pictures.get(HEDY_LEAD));
              if (!Boolean.TRUE.equals(((Map<?, ?>) lead.get(NEWSLETTERS)).get("receives"))
                  || !Boolean.TRUE.equals(((Map<?, ?>) lead.get(MARKETING_EMAILS)).get("receives"))
                  || !Boolean.FALSE.equals(
                      ((Map<?, ?>) lead.get(PRODUCT_UPDATES)).get("receives"))) {
                return "the lead should receive Newsletters (opted in) and Marketing emails"
                    + " (opt-out, at its default) and not Product updates: "
                    + lead;
              }
              return c.consentsBefore().equals(c.consentsAfter())
                  ? null
                  : "reading consents changed them";
            }));
    list.add(
        new ExampleScenario(
            "Subject access request: margaret@example.com, unsubscribed from all emails",
            "intercom-subject-access-request",
            MARGARET,
            Map.of("email", "margaret@example.com"),
            "ConsentPictureReady",
            c -> {
              Map<?, ?> picture = pictures(c).get(MARGARET);
              if (picture == null || !Boolean.TRUE.equals(picture.get("unsubscribedFromEmails"))) {
                return "expected Margaret's picture with unsubscribedFromEmails: " + picture;
              }
              Map<?, ?> updates = (Map<?, ?>) subscriptions(picture).get(PRODUCT_UPDATES);
              return Boolean.TRUE.equals(updates.get("receives"))
                      && Boolean.FALSE.equals(updates.get("receivesEmail"))
                      && Boolean.TRUE.equals(updates.get("receivesSms"))
                  ? null
                  : "Product updates should be opted in, by SMS only: " + updates;
            }));
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
   * Checks a Set consent result in {@code consent}: this contact, found by external id, the action,
   * the consent type sent and whether the contact receives the messages afterwards.
   */
  private static Optional<String> consentCheck(
      ExampleScenario.Check c, String contact, String action, String sent, boolean receives) {
    if (!(c.outcome().variable("consent") instanceof Map<?, ?> consent)
        || !(consent.get("consentEvidence") instanceof Map<?, ?> evidence)) {
      return Optional.of("consent holds no evidence: " + c.outcome().variable("consent"));
    }
    if (!usedContact(consent, contact, "external_id")
        || !action.equals(evidence.get("action"))
        || !Objects.equals(sent, evidence.get("consentTypeSent"))
        || !Boolean.valueOf(receives).equals(evidence.get("receives"))) {
      return Optional.of(
          "expected "
              + action
              + " (consent type sent "
              + sent
              + ", receives "
              + receives
              + "): "
              + evidence);
    }
    return Optional.empty();
  }

  /** The Get consent result in {@code consentPicture}, each contact's picture by its id. */
  private static Map<String, Map<?, ?>> pictures(ExampleScenario.Check c) {
    Map<String, Map<?, ?>> byId = new LinkedHashMap<>();
    if (c.outcome().variable("consentPicture") instanceof Map<?, ?> picture
        && picture.get("contacts") instanceof List<?> contacts) {
      for (Object contact : contacts) {
        if (contact instanceof Map<?, ?> m) {
          byId.put(String.valueOf(m.get("id")), m);
        }
      }
    }
    return byId;
  }

  /** A contact's subscriptions in a consent picture, by subscription type id. */
  private static Map<String, Map<?, ?>> subscriptions(Map<?, ?> picture) {
    Map<String, Map<?, ?>> byId = new LinkedHashMap<>();
    if (picture.get("subscriptions") instanceof List<?> list) {
      for (Object s : list) {
        if (s instanceof Map<?, ?> m) {
          byId.put(String.valueOf(m.get("id")), m);
        }
      }
    }
    return byId;
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
            Map.of("email", email),
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
            "ConsentPictureReady",
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
