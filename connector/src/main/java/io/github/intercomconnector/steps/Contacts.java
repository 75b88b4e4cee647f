/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static io.github.intercomconnector.client.IntercomRequest.value;

import io.github.intercomconnector.client.ClientMetrics;
import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomPaths;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.lookup.ContactFinder;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.LookupException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finding the contact(s) a task works on: the form's query, the search and its wait for contacts
 * not searchable yet, several matches, merged contacts followed once, and reading a contact.
 */
public final class Contacts {

  /** First and longest wait between two searches for a contact that is not searchable yet. */
  static final Duration FIRST_SEARCH_BACKOFF = Duration.ofSeconds(2);

  static final Duration MAX_SEARCH_BACKOFF = Duration.ofSeconds(60);

  private final ContactFinder finder = new ContactFinder();
  private final ClientMetrics metrics;
  private final Clock clock;

  public Contacts(ClientMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A contact as Intercom has it now: role, global email opt-out, merges followed once. */
  public record Read(FoundContact found, boolean unsubscribedFromEmails) {}

  /**
   * The contacts a query names. A search that finds nobody is looked at again, through the engine,
   * until the query's search wait has passed since the first miss: a new contact can take minutes
   * to become searchable.
   *
   * @throws SearchPending when the job should look again later
   */
  public List<FoundContact> find(IntercomCalls calls, ContactQuery query, JobMemory.Job job) {
    try {
      return finder.find(calls, query);
    } catch (LookupException e) {
      if (e.reason() != LookupException.Reason.CONTACT_NOT_FOUND) {
        throw e;
      }
      Instant now = clock.instant();
      Duration waited = Duration.between(job.firstMiss(now), now);
      Duration left = query.searchWait().minus(waited);
      if (!left.isPositive()) {
        e.details().put("waitedSeconds", waited.toSeconds());
        throw waited.isZero()
            ? e
            : new LookupException(
                e.reason(),
                e.getMessage()
                    + " after looking for "
                    + waited.toSeconds()
                    + " s (Intercom's search can lag behind new contacts)",
                e.details());
      }
      Duration backoff =
          Collections.min(
              List.of(
                  MAX_SEARCH_BACKOFF,
                  Collections.max(List.of(FIRST_SEARCH_BACKOFF, waited)),
                  roundUpToSeconds(left)));
      metrics.searchWait();
      throw new SearchPending(
          e.getMessage()
              + " yet; Intercom's search can lag behind new contacts, so the job looks again in "
              + backoff.toSeconds()
              + " s (looked for "
              + waited.toSeconds()
              + " s of "
              + query.searchWait().toSeconds()
              + " s)",
          backoff);
    }
  }

  /** Reads a contact as Intercom has it now, following a merge once. */
  public Read read(IntercomCalls calls, FoundContact contact) {
    Map<String, Object> model;
    FoundContact used = contact;
    try {
      model =
          calls
              .send(IntercomRequest.get(IntercomPaths.CONTACT, value("contactId", contact.id())))
              .body();
    } catch (IntercomApiException e) {
      FoundContact canonical = canonical(contact, e);
      if (canonical == null) {
        throw e;
      }
      used = canonical;
      model =
          calls
              .send(IntercomRequest.get(IntercomPaths.CONTACT, value("contactId", canonical.id())))
              .body();
    }
    String role = model.get("role") instanceof String r ? r : used.role();
    return new Read(
        new FoundContact(used.id(), role, used.foundBy(), used.mergedFrom()),
        Boolean.TRUE.equals(model.get("unsubscribed_from_emails")));
  }

  /** The ids of the types a contact has attached (Intercom lists no type at its default). */
  public static Set<String> attachedIds(IntercomCalls calls, FoundContact contact) {
    Map<String, Object> list =
        calls
            .send(
                IntercomRequest.get(
                    IntercomPaths.CONTACT_SUBSCRIPTIONS, value("contactId", contact.id())))
            .body();
    Set<String> ids = new LinkedHashSet<>();
    if (list.get("data") instanceof List<?> data) {
      for (Object entry : data) {
        if (entry instanceof Map<?, ?> m) {
          ids.add(String.valueOf(m.get("id")));
        }
      }
    }
    return ids;
  }

  /** The contact a 410 names as the one this was merged into, followed once; else null. */
  static FoundContact canonical(FoundContact contact, IntercomApiException e) {
    if (e.hasStatus(410) && e.mergedIntoContactId() != null && contact.mergedFrom() == null) {
      return contact.mergedInto(e.mergedIntoContactId());
    }
    return null;
  }

  /** A duration in whole seconds, rounded up, at least one. */
  public static Duration roundUpToSeconds(Duration d) {
    long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, seconds));
  }
}
