/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.client.IntercomRequest.value;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomPaths;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.client.IntercomResponse;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.LookupException;
import io.github.intercomconnector.model.LegalBasis;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Erasing a person: the contacts to erase, decided once per job; deleting or archiving each; and
 * the evidence, which holds Intercom's ids and nothing else of the person (no email, no external
 * id: Intercom's own answer carries the external id, and it is not kept).
 */
public final class Erasures {

  private final Contacts contacts;
  private final Clock clock;

  public Erasures(Contacts contacts, Clock clock) {
    this.contacts = contacts;
    this.clock = clock;
  }

  /** The result: the action, the ids erased, and the evidence. */
  @JsonInclude(Include.ALWAYS)
  public record ErasureResult(
      Action action, List<String> contactIds, ErasureEvidence erasureEvidence) {}

  /**
   * What an auditor needs to show the erasure happened: how the person was looked for (never the
   * value), each contact with its action and the answer that confirmed it, every request id, when,
   * where, on what legal basis, and the process that made it.
   */
  @JsonInclude(Include.ALWAYS)
  public record ErasureEvidence(
      String task,
      String eraseBy,
      Action action,
      String searchedBy,
      String contactRole,
      List<ErasedContact> contacts,
      String at,
      String clock,
      List<String> requestIds,
      String intercomVersion,
      String intercomHost,
      LegalBasis.Kept legalBasis,
      MadeBy madeBy) {}

  /**
   * One contact erased: Intercom's id, its role when known, how it was found, the contact (by
   * Intercom id) that named it before a merge, the action, and the answer that confirmed it: its
   * HTTP status (404 only when this job's own earlier request may have erased it, see {@link
   * #after}), Intercom's request id and time.
   */
  @JsonInclude(Include.ALWAYS)
  public record ErasedContact(
      String id,
      String role,
      String foundBy,
      String mergedFrom,
      Action action,
      int httpStatus,
      String requestId,
      String at,
      String clock) {}

  /** What a failed erase request means for the contact. */
  enum After {
    /** A 410: the contact was merged into another; erase that one (once). */
    FOLLOW_MERGE,
    /** A 404 after this job's own request may have erased it: erased. */
    ERASED_BY_THIS_JOB,
    /** No readable answer: the request may have reached Intercom; fail, a retry may help. */
    MAY_HAVE_ARRIVED,
    /** Anything else: fail as Intercom answered. */
    FAILED
  }

  /**
   * The rule that decides whether a failed request leaves the contact erased. A 404 alone never
   * does: Intercom answers it alike for an id that never existed and for a contact someone else
   * erased. It counts as erased only when this job sent an erase request for the contact that may
   * have reached Intercom without an answer: in an earlier attempt ({@code sentUnanswered}), or in
   * this call, whose earlier exchanges got no answer or a 5xx ({@code e.attempts() > 1}).
   *
   * @param followed whether the contact was already reached through a merge
   */
  static After after(IntercomApiException e, boolean followed, boolean sentUnanswered) {
    if (e.hasStatus(410) && e.mergedIntoContactId() != null && !followed) {
      return After.FOLLOW_MERGE;
    }
    if (e.hasStatus(404)) {
      return sentUnanswered || e.attempts() > 1 ? After.ERASED_BY_THIS_JOB : After.FAILED;
    }
    return switch (e.kind()) {
      case NO_ANSWER, UNAVAILABLE, INVALID_RESPONSE -> After.MAY_HAVE_ARRIVED;
      case REFUSED, RATE_LIMITED -> After.FAILED;
    };
  }

  /**
   * The contacts the job erases, decided once: the first lookup that completes is kept in the job's
   * memory, and later attempts erase those without looking again (an erased contact is not found
   * any more). Nobody found, after the search wait, is an empty list. A lookup that cannot complete
   * (the search still waiting, several contacts where one is wanted) throws, and nothing is erased.
   */
  public List<FoundContact> toErase(IntercomCalls calls, ContactQuery query, JobMemory.Job job) {
    List<FoundContact> kept = job.lookedUp();
    if (kept != null) {
      return kept;
    }
    List<FoundContact> found;
    try {
      found = contacts.find(calls, query, job);
    } catch (LookupException e) {
      if (e.reason() != LookupException.Reason.CONTACT_NOT_FOUND) {
        throw e;
      }
      found = List.of();
    }
    List<FoundContact> named = new ArrayList<>(found.size());
    for (FoundContact contact : found) {
      // A user found by external id through a merge names the external id as "merged from".
      boolean externalId =
          query.by() == ContactQuery.By.EXTERNAL_ID && query.value().equals(contact.mergedFrom());
      named.add(
          externalId
              ? new FoundContact(contact.id(), contact.role(), contact.foundBy(), null)
              : contact);
    }
    job.lookedUp(named);
    return named;
  }

  /**
   * Deletes (or archives) one contact, following a merge once. Intercom's answer is not kept: it
   * carries the external id.
   */
  public Applied erase(
      IntercomCalls calls, FoundContact contact, boolean archive, JobMemory.Job job) {
    IntercomRequest request =
        archive
            ? IntercomRequest.post(
                IntercomPaths.CONTACT_ARCHIVE, null, value("contactId", contact.id()))
            : IntercomRequest.delete(IntercomPaths.CONTACT, value("contactId", contact.id()));
    Action action = archive ? Action.ARCHIVED : Action.DELETED;
    try {
      IntercomResponse answer = calls.send(request);
      return confirmed(contact, action, answer.status(), answer.requestId(), answer.date());
    } catch (IntercomApiException e) {
      switch (after(e, contact.mergedFrom() != null, job.wasUnanswered(contact.id()))) {
        case FOLLOW_MERGE -> {
          return erase(calls, contact.mergedInto(e.mergedIntoContactId()), archive, job);
        }
        case ERASED_BY_THIS_JOB -> {
          return confirmed(contact, action, 404, e.requestId(), null);
        }
        case MAY_HAVE_ARRIVED -> {
          job.unanswered(contact.id());
          throw e;
        }
        default -> throw e;
      }
    }
  }

  /** A contact's erasure and the answer that confirmed it, as the job's memory keeps it. */
  private Applied confirmed(
      FoundContact contact, Action action, int status, String requestId, Instant date) {
    Map<String, Object> answer =
        Map.of(
            "httpStatus",
            status,
            "requestId",
            requestId == null ? "" : requestId,
            "at",
            (date != null ? date : clock.instant()).toString(),
            "clock",
            date != null ? "intercom" : "connector");
    return new Applied(contact, answer, action, Results.Details.NONE, null);
  }

  /** The result of an erasure: {@link Action#NOTHING_TO_ERASE} when no contact was found. */
  public ErasureResult result(
      RecordedCalls calls,
      ContactQuery query,
      boolean archive,
      List<Applied> applied,
      LegalBasis legalBasis,
      JobMemory.Job job) {
    List<ErasedContact> erased = new ArrayList<>(applied.size());
    List<String> ids = new ArrayList<>(applied.size());
    for (Applied a : applied) {
      FoundContact c = a.contact();
      Map<String, Object> answer = a.model();
      String requestId = (String) answer.get("requestId");
      erased.add(
          new ErasedContact(
              c.id(),
              c.role(),
              c.foundBy(),
              c.mergedFrom(),
              a.action(),
              (Integer) answer.get("httpStatus"),
              requestId.isEmpty() ? null : requestId,
              (String) answer.get("at"),
              (String) answer.get("clock")));
      ids.add(c.id());
    }
    Action action =
        applied.isEmpty() ? Action.NOTHING_TO_ERASE : archive ? Action.ARCHIVED : Action.DELETED;
    Instant intercomTime = calls.intercomTime();
    ErasureEvidence evidence =
        new ErasureEvidence(
            "eraseContact",
            archive ? "archive" : "delete",
            action,
            query.by().intercomField(),
            query.role().name().toLowerCase(java.util.Locale.ROOT),
            erased,
            (intercomTime != null ? intercomTime : clock.instant()).toString(),
            intercomTime != null ? "intercom" : "connector",
            calls.requestIds(),
            calls.settings().intercomVersion(),
            calls.settings().baseUrl().host(),
            LegalBasis.kept(legalBasis),
            job.madeBy());
    return new ErasureResult(action, ids, evidence);
  }
}
