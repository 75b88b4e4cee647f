/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.model.ConsentAnswer;
import io.github.intercomconnector.model.LegalBasis;
import io.github.intercomconnector.steps.Results.ConsentAnswerKept;
import io.github.intercomconnector.steps.Results.ContactResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Recording the evidence: what a task did, to whom, when, and what Intercom answered. */
public final class EvidenceWriter {

  private final Clock clock;

  public EvidenceWriter(Clock clock) {
    this.clock = clock;
  }

  /**
   * The evidence's {@code answer}: what the person was shown, where and when they answered, as the
   * process gave them (the time in UTC), from a form its check has passed.
   */
  public static ConsentAnswerKept answer(ConsentAnswer form) {
    return new ConsentAnswerKept(
        form == null ? null : blankToNull(form.consentWording()),
        form == null ? null : blankToNull(form.consentSource()),
        form == null ? null : form.answeredAtUtc());
  }

  /**
   * The result of a change: Intercom's model of the type at the top level (the first a contact's
   * change answered, else the type as known, marked {@code already_detached}), and the evidence.
   */
  public Results.Subscription result(
      RecordedCalls calls,
      List<Applied> applied,
      SubscriptionType type,
      String task,
      String consentTypeSent,
      ConsentAnswerKept answer,
      LegalBasis legalBasis,
      JobMemory.Job job) {
    if (applied.isEmpty()) {
      // Every task changes at least one contact or fails first (a search finding nobody throws).
      throw new IllegalArgumentException("A change's result needs at least one contact's change");
    }
    Map<String, Object> top = null;
    SubscriptionType known = null;
    for (Applied a : applied) {
      if (top == null && a.model() != null) {
        top = a.model(); // Intercom's model as it came: the process gets it unchanged
      }
      if (known == null && a.knownType() != null && a.knownType().hasConsentModel()) {
        known = a.knownType();
      }
    }
    if (top == null) {
      top =
          new LinkedHashMap<>(
              type.model()); // only a contact already detached comes without a model
      top.put("already_detached", true);
    }
    if (known == null) {
      known = type;
    }
    List<ContactResult> contacts = new ArrayList<>(applied.size());
    Action action = null;
    Boolean receives = null;
    boolean receivesDiffer = false;
    for (Applied a : applied) {
      Results.ContactOutcome outcome = a.outcome();
      Boolean after = receivesAfter(a.action(), known, outcome);
      contacts.add(new ContactResult(outcome, after));
      if (contacts.size() == 1) {
        action = a.action();
        receives = after;
      } else {
        action = action.and(a.action());
        receivesDiffer |= !Objects.equals(receives, after);
      }
    }
    Results.TypeNamed named =
        new Results.TypeNamed(
            known.id(), known.hasName() ? known.shownName() : null, known.consentType());
    return new Results.Subscription(
        top,
        evidence(
            calls,
            task,
            contacts,
            named,
            action,
            consentTypeSent,
            receivesDiffer ? null : receives,
            null,
            answer,
            legalBasis,
            job));
  }

  /** Whether the contact receives the type's messages after the action, when it can be known. */
  private static Boolean receivesAfter(
      Action action, SubscriptionType type, Results.ContactOutcome outcome) {
    if (!type.hasConsentModel()) {
      return null;
    }
    String consentType = type.consentType();
    if (outcome.attachedAfter() != null) {
      return Consent.receives(consentType, outcome.attachedAfter());
    }
    return switch (action) {
      case ATTACHED -> Consent.receives(consentType, true);
      case DETACHED, ALREADY_DETACHED -> Consent.receives(consentType, false);
      default -> null;
    };
  }

  /**
   * The evidence of Get consent: the contacts read and the ids of the types read. A read has no
   * subscription type of its own, sends no consent type, says nothing of receiving as a whole, and
   * keeps no answer and no legal basis.
   */
  public Results.ConsentEvidence read(
      RecordedCalls calls,
      List<Results.ContactOutcome> read,
      List<String> subscriptionTypes,
      JobMemory.Job job) {
    return evidence(
        calls,
        "getConsent",
        read,
        null,
        Action.READ,
        null,
        null,
        subscriptionTypes,
        null,
        null,
        job);
  }

  /**
   * The evidence of Set email opt-out: the contacts with their flag before, the action, whether
   * they receive email afterwards where it can be known (false under the opt-out), the answer and
   * the legal basis. It names no subscription type and sends no consent type.
   */
  public Results.ConsentEvidence emailOptOut(
      RecordedCalls calls,
      List<Results.ContactResult> contacts,
      Action action,
      Boolean receives,
      ConsentAnswerKept answer,
      LegalBasis legalBasis,
      JobMemory.Job job) {
    return evidence(
        calls,
        "setEmailOptOut",
        contacts,
        null,
        action,
        null,
        receives,
        null,
        answer,
        legalBasis,
        job);
  }

  /** The evidence record: see {@link Results.ConsentEvidence}; null where it does not apply. */
  private Results.ConsentEvidence evidence(
      RecordedCalls calls,
      String task,
      List<?> contacts,
      Results.TypeNamed type,
      Action action,
      String consentTypeSent,
      Boolean receives,
      List<String> subscriptionTypes,
      ConsentAnswerKept answer,
      LegalBasis legalBasis,
      JobMemory.Job job) {
    Instant intercomTime = calls.intercomTime();
    return new Results.ConsentEvidence(
        task,
        contacts,
        type,
        action,
        consentTypeSent,
        receives,
        (intercomTime != null ? intercomTime : clock.instant()).toString(),
        intercomTime != null ? "intercom" : "connector",
        calls.requestIds(),
        calls.settings().intercomVersion(),
        calls.settings().baseUrl().host(),
        subscriptionTypes,
        answer,
        LegalBasis.kept(legalBasis),
        job.madeBy());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
