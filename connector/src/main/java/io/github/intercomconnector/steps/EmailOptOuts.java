/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.client.IntercomRequest.value;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomPaths;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.model.LegalBasis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Intercom's global email opt-out ({@code unsubscribed_from_emails}): set or cleared per contact
 * with {@code PUT /contacts/{id}}, only where it differs, and the evidence of it. Intercom answers
 * the change with the whole contact (email, name, custom attributes): that answer is not kept.
 */
public final class EmailOptOuts {

  private final Contacts contacts;
  private final EvidenceWriter evidence;

  public EmailOptOuts(Contacts contacts, EvidenceWriter evidence) {
    this.contacts = contacts;
    this.evidence = evidence;
  }

  /**
   * Sets one contact's flag to {@code unsubscribe}: reads it, and writes only when it differs. A
   * retry after a lost answer finds the wanted state and says what the earlier attempt did, with
   * the flag as it was before that attempt.
   */
  public Applied set(
      IntercomCalls calls, FoundContact found, boolean unsubscribe, JobMemory.Job job) {
    Contacts.Read read = contacts.read(calls, found);
    FoundContact contact = read.found();
    boolean now = read.unsubscribedFromEmails();
    JobMemory.Tried earlier = job.tried(contact.id());
    boolean before = earlier != null ? earlier.stateBefore() : now;
    Results.Details details = new Results.Details(null, null, null, before);
    if (now == unsubscribe) {
      return new Applied(
          contact, null, earlier != null ? earlier.action() : Action.UNCHANGED, details, null);
    }
    Action action = unsubscribe ? Action.UNSUBSCRIBED : Action.RESUBSCRIBED;
    job.trying(contact.id(), action, before);
    FoundContact written = write(calls, contact, unsubscribe);
    return new Applied(written, null, action, details, null);
  }

  /** {@code PUT /contacts/{id}} with the flag alone, following a merged contact once. */
  private static FoundContact write(IntercomCalls calls, FoundContact contact, boolean flag) {
    try {
      calls.send(
          IntercomRequest.put(
              IntercomPaths.CONTACT,
              Map.of("unsubscribed_from_emails", flag),
              value("contactId", contact.id())));
      return contact;
    } catch (IntercomApiException e) {
      FoundContact canonical = Contacts.canonical(contact, e);
      if (canonical == null) {
        throw e;
      }
      return write(calls, canonical, flag);
    }
  }

  /**
   * The result: the flag afterwards and the evidence, with each contact's flag before and {@code
   * receives} false where the flag is set afterwards. A cleared flag says nothing of whether the
   * person receives any subscription type: null, not a guess. Every contact ends with the flag the
   * task wanted ({@link #set} writes it wherever it differed), so the first contact's is the
   * task's.
   */
  public Results.EmailOptOut result(
      RecordedCalls calls,
      List<Applied> applied,
      Results.ConsentAnswerKept answer,
      LegalBasis legalBasis,
      JobMemory.Job job) {
    if (applied.isEmpty()) {
      throw new IllegalArgumentException("A change's result needs at least one contact's change");
    }
    List<Results.ContactResult> entries = new ArrayList<>(applied.size());
    Action action = null;
    for (Applied a : applied) {
      boolean flag = flagAfter(a.action(), a.outcome());
      entries.add(new Results.ContactResult(a.outcome(), flag ? Boolean.FALSE : null));
      action = action == null ? a.action() : action.and(a.action());
    }
    boolean unsubscribed = flagAfter(applied.get(0).action(), applied.get(0).outcome());
    return new Results.EmailOptOut(
        unsubscribed,
        evidence.emailOptOut(
            calls, entries, action, unsubscribed ? Boolean.FALSE : null, answer, legalBasis, job));
  }

  /** The flag after the action: set by an unsubscribe, cleared by a resubscribe, else as before. */
  private static boolean flagAfter(Action action, Results.ContactOutcome outcome) {
    return switch (action) {
      case UNSUBSCRIBED -> true;
      case RESUBSCRIBED -> false;
      default -> Boolean.TRUE.equals(outcome.unsubscribedFromEmails());
    };
  }
}
