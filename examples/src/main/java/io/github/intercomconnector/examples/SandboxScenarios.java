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
import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.MARGARET;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.MARKETING_EMAILS;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.NEWSLETTERS;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.PRODUCT_UPDATES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The example runs against the sandbox's example workspace, each with what it must show. */
public final class SandboxScenarios {

  /** How long a new sign-up stays out of the sandbox's search, as in Intercom. */
  public static final Duration SEARCH_LAG = Duration.ofSeconds(5);

  /** A customer who signs up while the examples run. */
  static final String JOAN = "6650a1c0e5b1a2f3c4d5e609";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SandboxScenarios() {}

  /** Every example run, in the order the local stack runs them. */
  public static List<ExampleScenario> all() {
    List<ExampleScenario> list = new ArrayList<>();
    list.add(
        new ExampleScenario(
            "Onboarding: Ada opts in to the newsletter, found by email, the type by its name",
            "intercom-onboarding",
            ADA,
            Map.of(
                "email", "ada@example.com",
                "newsletterOptIn", true,
                "newsletterWording", "signup-newsletter-v2",
                "signedUpAt", "2026-12-06T09:00:00+01:00"),
            "CustomerOnboarded",
            c -> {
              String kept = keptEvidence(c, "intercom-onboarding", "attached");
              if (kept != null) {
                return kept;
              }
              if (!c.evidenceKept()
                  .get(0)
                  .at("/evidence/answer/answeredAt")
                  .asText()
                  .equals("2026-12-06T08:00:00Z")) {
                return "the evidence does not say when Ada answered: " + c.evidenceKept();
              }
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
            Map.of("email", "joan@example.com", "newsletterOptIn", true),
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
            "Onboarding: Katherine leaves the newsletter box empty: nothing is written",
            "intercom-onboarding",
            KATHERINE,
            Map.of("email", "katherine@example.com", "newsletterOptIn", false),
            "OnboardedWithoutNewsletter",
            c ->
                c.consentsBefore().equals(c.consentsAfter()) && c.evidenceKept().isEmpty()
                    ? null
                    : "a sign-up without a yes changed consents: " + c.consentsAfter()));
    list.add(
        new ExampleScenario(
            "GDPR: Grace (cust-1002) agrees to product updates, an opt-in type",
            "intercom-gdpr-consent",
            GRACE,
            Map.of(
                "customerId", "cust-1002",
                "subscriptionName", "Product updates",
                "consentGiven", true,
                "consentWording", "product-updates-consent-v3",
                "consentSource", "https://example.com/preferences",
                "answeredAt", "2026-12-06T10:15:00Z"),
            "ConsentRecorded",
            c ->
                consentCheck(c, GRACE, "attached", "opt_in", true)
                    .or(() ->
                        Optional.ofNullable(keptEvidence(c, "intercom-gdpr-consent", "attached")))
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
            c -> issueRecorded(c, "Intercom does not know customer cust-4040")));
    list.add(
        new ExampleScenario(
            "GDPR: a subscription name that no live type has",
            "intercom-gdpr-consent",
            GRACE,
            Map.of(
                "customerId", "cust-1002",
                "subscriptionName", "Product news",
                "consentGiven", true),
            "UnknownSubscription",
            c -> issueRecorded(c, "No live subscription type is named Product news")));
    list.add(
        new ExampleScenario(
            "GDPR: a subscription type still in draft: refused, kept for review, nothing written",
            "intercom-gdpr-consent",
            GRACE,
            Map.of(
                "customerId", "cust-1002",
                "subscriptionName", "Beta program",
                "consentGiven", true),
            "RefusedByIntercom",
            c ->
                Optional.ofNullable(
                        issueRecorded(
                            c, "Intercom refused with INTERCOM_SUBSCRIPTION_TYPE_NOT_LIVE"))
                    .or(() ->
                        c.consentsAfter().equals(c.consentsBefore()) && c.evidenceKept().isEmpty()
                            ? Optional.empty()
                            : Optional.of(
                                "a refused consent changed Intercom or kept evidence: "
                                    + c.consentsAfter()
                                    + " "
                                    + c.evidenceKept()))
                    .orElse(null)));
    list.add(
        ExampleScenario.heardFromIntercom(
            "Consent withdrawn in Intercom: Grace clicks unsubscribe under a product update email",
            "intercom-consent-withdrawn",
            GRACE,
            sandbox -> sandbox.personUnsubscribes(GRACE, PRODUCT_UPDATES),
            "WithdrawalRecorded",
            c -> {
              String kept = keptEvidence(c, "intercom-consent-withdrawn", "unsubscribed");
              if (kept != null) {
                return kept;
              }
              JsonNode record = c.evidenceKept().get(0);
              if (!PRODUCT_UPDATES.equals(record.at("/evidence/subscriptionType/id").asText())
                  || !GRACE.equals(record.at("/evidence/contacts/0/id").asText())
                  || !record.at("/evidence/notificationId").asText().startsWith("notif_")
                  || !"intercom:granular.unsubscribe"
                      .equals(record.at("/evidence/answer/source").asText())) {
                return "the evidence does not name Grace, product updates and the notification: "
                    + record;
              }
              if (!record.path("consentsNow").isArray() || record.path("consentsNow").isEmpty()) {
                return "the consent picture read after the change was not kept: " + record;
              }
              Object change = c.outcome().variable("consentChange");
              if (!(change instanceof Map<?, ?> m)
                  || !Boolean.FALSE.equals(m.get("receives"))
                  || !"granular.unsubscribe".equals(m.get("topic"))) {
                return "consentChange does not say Grace no longer receives them: " + change;
              }
              return c.consentsAfter().containsKey(PRODUCT_UPDATES)
                  ? "Grace still has product updates in the sandbox: " + c.consentsAfter()
                  : null;
            }));
    list.add(
        new ExampleScenario(
            "Subject access request: hedy@example.com, a user and a lead with one email",
            "intercom-subject-access-request",
            HEDY_LEAD,
            Map.of("email", "hedy@example.com"),
            "AnswerSent",
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
              if (c.messagesSent().size() != 1
                  || !c.messagesSent().get(0).path("to").asText().equals("hedy@example.com")
                  || c.messagesSent().get(0).path("consents").size() != 2) {
                return "the answer with both pictures was not sent: " + c.messagesSent();
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
            "AnswerSent",
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
    list.add(
        new ExampleScenario(
            "Subject access request: nobody@example.com, whom Intercom does not know",
            "intercom-subject-access-request",
            "nobody",
            Map.of("email", "nobody@example.com"),
            "NothingHeldSent",
            c ->
                c.messagesSent().size() == 1
                        && c.messagesSent().get(0).path("text").asText().startsWith("We hold no")
                    ? null
                    : "the \"we hold nothing\" answer was not sent: " + c.messagesSent()));
    list.add(
        new ExampleScenario(
            "Double opt-in: Ada asks for product updates and confirms",
            "intercom-double-opt-in",
            ADA,
            Map.of(
                "email", "ada@example.com",
                "subscriptionName", "Product updates",
                "consentWording", "product-updates-consent-v3",
                "confirmationToken", ADA_CONFIRMATION),
            "SubscriptionConfirmed",
            c -> {
              if (c.messagesSent().size() != 1) {
                return "no confirmation request was sent: " + c.messagesSent();
              }
              String kept = keptEvidence(c, "intercom-double-opt-in", "attached");
              if (kept != null) {
                return kept;
              }
              return "opt_in".equals(c.consentsAfter().get(PRODUCT_UPDATES))
                      && c.evidenceKept()
                          .get(0)
                          .at("/evidence/answer/answeredAt")
                          .asText()
                          .equals(CONFIRMED_AT)
                  ? null
                  : "product updates not recorded from the confirmation: " + c.evidenceKept();
            },
            sandbox -> {},
            processes ->
                processes.publish(
                    "intercom-double-opt-in-confirmed",
                    ADA_CONFIRMATION,
                    Map.of("confirmedAt", CONFIRMED_AT))));
    list.add(
        new ExampleScenario(
            "Double opt-in: Grace asks for the newsletter and never confirms",
            "intercom-double-opt-in",
            GRACE,
            Map.of(
                "email", "grace@example.com",
                "subscriptionName", "Newsletters",
                "confirmationToken", "c2b7e0d4-grace-newsletters",
                "confirmationExpiry", "PT2S"),
            "NotConfirmed",
            c ->
                c.consentsBefore().equals(c.consentsAfter()) && c.evidenceKept().isEmpty()
                    ? null
                    : "an unconfirmed request changed consents: " + c.consentsAfter()));
    list.add(
        new ExampleScenario(
            "Withdraw everything: hedy@example.com, a user and a lead",
            "intercom-withdraw-everything",
            HEDY_LEAD,
            Map.of(
                "email", "hedy@example.com",
                "consentSource", "privacy-request-form",
                "answeredAt", "2026-12-06T11:00:00Z"),
            "EverythingWithdrawn",
            c ->
                Map.of(MARKETING_EMAILS, "opt_out").equals(c.consentsAfter())
                        && c.evidenceKept().size() == 1
                        && c.evidenceKept().get(0).path("evidence").size() == 2
                        && !c.contactAfter().path("unsubscribed_from_emails").asBoolean(true)
                    ? null
                    : "expected the newsletter removed and marketing emails declined, with the"
                        + " evidence of both kept, and email as before: "
                        + c.consentsAfter()
                        + " "
                        + c.evidenceKept()));
    list.add(
        new ExampleScenario(
            "Withdraw everything and no email at all: alan@example.com, the global opt-out set",
            "intercom-withdraw-everything",
            ALAN,
            Map.of(
                "email", "alan@example.com",
                "noEmailAtAll", true,
                "consentSource", "privacy-request-form",
                "answeredAt", "2026-12-06T11:30:00Z"),
            "EverythingWithdrawn",
            c -> {
              JsonNode evidence =
                  c.evidenceKept().size() == 1 ? c.evidenceKept().get(0).path("evidence") : null;
              JsonNode last = evidence == null ? null : evidence.get(evidence.size() - 1);
              if (last == null
                  || !"setEmailOptOut".equals(last.path("task").asText())
                  || !"unsubscribed".equals(last.path("action").asText())
                  || c.evidenceKept().get(0).toString().contains("@")) {
                return "expected the evidence of the email opt-out kept, without the email: "
                    + c.evidenceKept();
              }
              return c.contactAfter() != null
                      && c.contactAfter().path("unsubscribed_from_emails").asBoolean(false)
                  ? null
                  : "Alan is not unsubscribed from emails in the sandbox: " + c.contactAfter();
            }));
    list.add(
        new ExampleScenario(
            "Withdraw everything: nobody@example.com, whom Intercom does not know",
            "intercom-withdraw-everything",
            "nobody",
            Map.of("email", "nobody@example.com"),
            "NothingToWithdraw",
            c -> c.evidenceKept().isEmpty() ? null : "evidence kept for nobody"));
    list.add(
        new ExampleScenario(
            "Erasure request: hedy@example.com, a user and a lead with one email, both deleted",
            "intercom-erasure-request",
            HEDY,
            Map.of("email", "hedy@example.com"),
            "ErasureConfirmed",
            c -> {
              String kept = keptEvidence(c, "intercom-erasure-request", "deleted");
              if (kept != null) {
                return kept;
              }
              JsonNode proof = c.evidenceKept().get(0).path("evidence");
              Set<String> erased = new java.util.HashSet<>();
              proof.path("contacts").forEach(e -> erased.add(e.path("id").asText()));
              if (!erased.equals(Set.of(HEDY, HEDY_LEAD))
                  || !"legal_obligation".equals(proof.at("/legalBasis/basis").asText())
                  || !"intercom-erasure-request"
                      .equals(proof.at("/madeBy/bpmnProcessId").asText())) {
                return "expected the proof of Hedy's user and lead, deleted: " + proof;
              }
              if (proof.toString().contains("hedy")) {
                return "the proof holds the person's email: " + proof;
              }
              return c.messagesSent().size() == 1
                      && c.messagesSent().get(0).path("text").asText().startsWith("We have deleted")
                  ? null
                  : "the confirmation was not sent: " + c.messagesSent();
            }));
    list.add(
        new ExampleScenario(
            "Erasure request: nobody@example.com, whom Intercom does not know",
            "intercom-erasure-request",
            "nobody",
            Map.of("email", "nobody@example.com"),
            "NothingHeldSent",
            c -> {
              String kept = keptEvidence(c, "intercom-erasure-request", "nothing_to_erase");
              if (kept != null) {
                return kept;
              }
              return c.messagesSent().size() == 1
                      && c.messagesSent().get(0).path("text").asText().startsWith("We hold no")
                  ? null
                  : "the \"we hold nothing\" answer was not sent: " + c.messagesSent();
            }));
    return list;
  }

  /** When the confirmation link was clicked, in the double opt-in example. */
  static final String CONFIRMED_AT = "2026-12-06T10:30:00Z";

  /**
   * The token of Ada's double opt-in request, which the confirmation link carries and the
   * confirmation correlates on: unique to the request, unlike the email.
   */
  static final String ADA_CONFIRMATION = "5f0c9a1e-ada-product-updates";

  /** Whether the process recorded this issue in {@code consentIssue}. */
  private static String issueRecorded(ExampleScenario.Check c, String issue) {
    Object recorded = c.outcome().variable("consentIssue");
    return issue.equals(recorded) ? null : "consentIssue was not recorded: " + recorded;
  }

  /** Whether exactly one evidence record of this process, with this action, was kept. */
  /** One evidence record of this process and action in the journal, without personal data. */
  private static String keptEvidence(ExampleScenario.Check c, String process, String action) {
    List<JsonNode> kept = c.evidenceKept();
    if (kept.size() != 1
        || !process.equals(kept.get(0).path("process").asText())
        || !action.equals(kept.get(0).at("/evidence/action").asText())) {
      return "expected one evidence record of " + process + " (" + action + "): " + kept;
    }
    if (kept.get(0).toString().contains("@")) {
      return "the journal of " + process + " holds an email address: " + kept.get(0);
    }
    return null;
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
}
