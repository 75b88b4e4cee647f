/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.client.IntercomRequest.value;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.client.IntercomResponse;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.lookup.ContactFinder;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.LookupException;
import io.github.intercomconnector.lookup.SubscriptionTypes;
import io.github.intercomconnector.model.AttachSubscriptionRequest;
import io.github.intercomconnector.model.ContactChoices;
import io.github.intercomconnector.model.ContactSelector;
import io.github.intercomconnector.model.DetachSubscriptionRequest;
import io.github.intercomconnector.model.SubscriptionTypeChoices;
import io.github.intercomconnector.model.SubscriptionTypeSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** What each Intercom task means, in Intercom API calls: one method per task. */
public final class SubscriptionService {

  static final String CONTACT_SUBSCRIPTIONS = "/contacts/{contact_id}/subscriptions";
  static final String CONTACT_SUBSCRIPTION =
      "/contacts/{contact_id}/subscriptions/{subscription_id}";

  /** The result's key for what the connector adds to Intercom's model. */
  public static final String EVIDENCE = "consentEvidence";

  /** First and longest wait between two searches for a contact that is not searchable yet. */
  static final Duration FIRST_SEARCH_BACKOFF = Duration.ofSeconds(2);

  static final Duration MAX_SEARCH_BACKOFF = Duration.ofSeconds(60);

  private final IntercomClient client;
  private final ConnectionSettings connections;
  private final ContactFinder contacts;
  private final SubscriptionTypes types;
  private final JobMemory memory;
  private final Clock clock;

  public SubscriptionService(IntercomClient client, RuntimeEnvironment environment) {
    this(client, environment, Clock.systemUTC());
  }

  public SubscriptionService(IntercomClient client, RuntimeEnvironment environment, Clock clock) {
    this.client = client;
    this.connections = new ConnectionSettings(environment);
    this.contacts = new ContactFinder(client);
    this.types = new SubscriptionTypes(client, clock);
    this.memory = new JobMemory(clock);
    this.clock = clock;
  }

  /** The service all tasks of this runtime share: one client, the runtime's own environment. */
  public static SubscriptionService shared() {
    return Shared.SERVICE;
  }

  /** Created on first use, once, by the class loader. */
  private static final class Shared {
    static final SubscriptionService SERVICE =
        new SubscriptionService(IntercomClient.shared(), RuntimeEnvironment.SYSTEM);
  }

  /** The memory of one job, kept between its attempts. */
  JobMemory.Job job(long key) {
    return memory.of(key);
  }

  /** Forgets a job that has ended. */
  void ended(long key) {
    memory.forget(key);
  }

  /** How many jobs this runtime remembers now. */
  int jobsRemembered() {
    return memory.size();
  }

  /**
   * "Attach subscription": attaches the type to the contact(s); returns Intercom's subscription
   * type model with {@value #EVIDENCE}.
   */
  public Map<String, Object> attach(AttachSubscriptionRequest request, JobMemory.Job job) {
    IntercomSettings settings = connections.from(request.connection());
    String consentType = request.effectiveConsentType();
    ContactQuery query = contactQuery(request.contact());
    Map<String, Object> type = subscriptionType(settings, request.subscriptionType());
    String typeId = String.valueOf(type.get("id"));
    List<Applied> applied =
        forEachContact(
            find(settings, query, job),
            job,
            contact -> attachOne(settings, contact, typeId, consentType));
    return result(applied, type, "attached");
  }

  /**
   * "Detach subscription": detaches the type from the contact(s); returns Intercom's model of the
   * removed type with {@value #EVIDENCE}. With "already detached counts as success", a 404 for a
   * contact that exists and does not have the type is {@code already_detached}.
   */
  public Map<String, Object> detach(DetachSubscriptionRequest request, JobMemory.Job job) {
    IntercomSettings settings = connections.from(request.connection());
    ContactQuery query = contactQuery(request.contact());
    Map<String, Object> type = subscriptionType(settings, request.subscriptionType());
    String typeId = String.valueOf(type.get("id"));
    List<Applied> applied =
        forEachContact(
            find(settings, query, job),
            job,
            contact ->
                detachOne(settings, contact, typeId, request.alreadyDetachedIsSuccess(), job));
    return result(applied, type, "detached");
  }

  // ---------------------------------------------------------------- contacts

  static ContactQuery contactQuery(ContactSelector form) {
    String by = blankToDefault(form.contactBy(), ContactChoices.BY_ID);
    ContactQuery.By way =
        switch (by) {
          case ContactChoices.BY_ID -> ContactQuery.By.ID;
          case ContactChoices.BY_EMAIL -> ContactQuery.By.EMAIL;
          case ContactChoices.BY_EXTERNAL_ID -> ContactQuery.By.EXTERNAL_ID;
          default ->
              throw new IntercomInputException(
                  "contactBy", "must be id, email or external_id, got '" + by + "'");
        };
    String field;
    String value;
    String expectation;
    switch (way) {
      case ID -> {
        field = "contactId";
        value = form.contactId();
        expectation = "must be the Intercom id of a contact";
      }
      case EMAIL -> {
        field = "contactEmail";
        value = form.contactEmail();
        expectation = "must be the contact's email address";
      }
      default -> {
        field = "contactExternalId";
        value = form.contactExternalId();
        expectation = "must be the user's id in your own system (Intercom's external_id)";
      }
    }
    if (value == null || value.isBlank()) {
      throw new IntercomInputException(field, expectation + ", got nothing");
    }
    if (way == ContactQuery.By.EMAIL && !value.contains("@")) {
      throw new IntercomInputException(field, expectation + ", got a value without '@'");
    }
    String role = blankToDefault(form.contactRole(), ContactChoices.ANY_ROLE);
    ContactQuery.Role contactRole =
        switch (role) {
          case ContactChoices.ANY_ROLE -> ContactQuery.Role.ANY;
          case "user" -> ContactQuery.Role.USER;
          case "lead" -> ContactQuery.Role.LEAD;
          default ->
              throw new IntercomInputException(
                  "contactRole", "must be any, user or lead, got '" + role + "'");
        };
    String several = blankToDefault(form.whenSeveralContactsMatch(), ContactChoices.SEVERAL_FAIL);
    if (!several.equals(ContactChoices.SEVERAL_FAIL)
        && !several.equals(ContactChoices.SEVERAL_ALL)) {
      throw new IntercomInputException(
          "whenSeveralContactsMatch", "must be fail or all, got '" + several + "'");
    }
    Integer wait = form.contactSearchWaitSeconds();
    return new ContactQuery(
        way,
        value.trim(),
        field,
        contactRole,
        several.equals(ContactChoices.SEVERAL_ALL),
        Duration.ofSeconds(wait == null ? ContactChoices.DEFAULT_SEARCH_WAIT_SECONDS : wait));
  }

  /**
   * The contacts a query names. A search that finds nobody is looked at again, through the engine,
   * until the query's search wait has passed since the first miss: a new contact can take minutes
   * to become searchable.
   */
  private List<FoundContact> find(
      IntercomSettings settings, ContactQuery query, JobMemory.Job job) {
    try {
      return contacts.find(settings, query);
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

  // ---------------------------------------------------------------- subscription types

  private Map<String, Object> subscriptionType(
      IntercomSettings settings, SubscriptionTypeSelector form) {
    String by = blankToDefault(form.subscriptionTypeBy(), SubscriptionTypeChoices.BY_ID);
    if (by.equals(SubscriptionTypeChoices.BY_NAME)) {
      String name = form.subscriptionTypeName();
      if (name == null || name.isBlank()) {
        throw new IntercomInputException(
            "subscriptionTypeName", "must be the name of a subscription type, got nothing");
      }
      return types.byName(settings, name);
    }
    if (!by.equals(SubscriptionTypeChoices.BY_ID)) {
      throw new IntercomInputException(
          "subscriptionTypeBy", "must be id or name, got '" + by + "'");
    }
    String id = form.subscriptionTypeId();
    if (id == null || id.isBlank()) {
      throw new IntercomInputException(
          "subscriptionTypeId", "must be the Intercom id of a subscription type, got nothing");
    }
    Map<String, Object> known = new LinkedHashMap<>();
    known.put("type", "subscription");
    known.put("id", id.trim());
    return known;
  }

  // ---------------------------------------------------------------- changes

  /** What one change did to one contact. */
  private record Applied(FoundContact contact, Map<String, Object> model, String outcome) {}

  @FunctionalInterface
  private interface Change {
    Applied apply(FoundContact contact);
  }

  private Applied attachOne(
      IntercomSettings settings, FoundContact contact, String typeId, String consentType) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", typeId);
    body.put("consent_type", consentType);
    try {
      IntercomResponse answer =
          client.send(
              settings,
              IntercomRequest.post(CONTACT_SUBSCRIPTIONS, body, value("contactId", contact.id())));
      return new Applied(contact, answer.body(), "attached");
    } catch (IntercomApiException e) {
      FoundContact canonical = canonical(contact, e);
      if (canonical == null) {
        throw e;
      }
      return attachOne(settings, canonical, typeId, consentType);
    }
  }

  private Applied detachOne(
      IntercomSettings settings,
      FoundContact contact,
      String typeId,
      boolean alreadyDetachedIsSuccess,
      JobMemory.Job job) {
    try {
      IntercomResponse answer =
          client.send(
              settings,
              IntercomRequest.delete(
                  CONTACT_SUBSCRIPTION,
                  value("contactId", contact.id()),
                  value("subscriptionTypeId", typeId)));
      return new Applied(contact, answer.body(), "detached");
    } catch (IntercomApiException e) {
      FoundContact canonical = canonical(contact, e);
      if (canonical != null) {
        return detachOne(settings, canonical, typeId, alreadyDetachedIsSuccess, job);
      }
      if (!e.hasStatus(404)) {
        if (e.isRetryable()) {
          job.unanswered(contact.id()); // the DELETE may have reached Intercom
        }
        throw e;
      }
      // Our own earlier attempt may have detached it and lost the answer.
      boolean ours = e.attempts() > 1 || job.wasUnanswered(contact.id());
      if (!alreadyDetachedIsSuccess && !ours) {
        throw e;
      }
      // Intercom says 404 both for a missing contact and for a subscription that is not
      // attached: the contact's own subscription list tells which.
      Map<String, Object> attached;
      try {
        attached =
            client
                .send(
                    settings,
                    IntercomRequest.get(CONTACT_SUBSCRIPTIONS, value("contactId", contact.id())))
                .body();
      } catch (IntercomApiException lookup) {
        throw e; // contact missing (or the lookup failed): the original 404 stands
      }
      if (lists(attached, typeId)) {
        throw e; // still attached, so the 404 means something else
      }
      if (ours && !alreadyDetachedIsSuccess) {
        Map<String, Object> model = types.byId(settings, typeId);
        return new Applied(
            contact,
            model == null ? Map.of("type", "subscription", "id", typeId) : model,
            "detached");
      }
      return new Applied(contact, null, "already_detached");
    }
  }

  /** The contact a 410 names as the one this was merged into, followed once; else null. */
  private static FoundContact canonical(FoundContact contact, IntercomApiException e) {
    if (e.hasStatus(410) && e.mergedIntoContactId() != null && contact.mergedFrom() == null) {
      return contact.mergedInto(e.mergedIntoContactId());
    }
    return null;
  }

  private List<Applied> forEachContact(List<FoundContact> found, JobMemory.Job job, Change change) {
    List<Applied> applied = new ArrayList<>();
    List<Map<String, Object>> outcomes = new ArrayList<>();
    IntercomApiException first = null;
    boolean retryable = true;
    for (FoundContact contact : found) {
      Map<String, Object> earlier = job.outcome(contact.id());
      if (earlier != null) {
        outcomes.add(earlier);
        applied.add(new Applied(contact, job.model(contact.id()), (String) earlier.get("outcome")));
        continue;
      }
      try {
        Applied done = change.apply(contact);
        Map<String, Object> outcome = outcome(done.contact(), done.outcome());
        job.done(contact.id(), outcome, done.model());
        outcomes.add(outcome);
        applied.add(done);
      } catch (IntercomApiException e) {
        if (found.size() == 1) {
          throw e;
        }
        first = first == null ? e : first;
        retryable &= e.isRetryable();
        Map<String, Object> outcome = outcome(contact, "failed");
        outcome.put("errorCode", IntercomErrors.codeFor(e));
        outcome.put("error", e.getMessage());
        outcomes.add(outcome);
      }
    }
    if (first != null) {
      long failed = outcomes.stream().filter(o -> "failed".equals(o.get("outcome"))).count();
      throw new SeveralContactsFailed(
          "the change failed for "
              + failed
              + " of "
              + found.size()
              + " matching contacts ("
              + (retryable ? "a retry redoes only those" : "a retry cannot help")
              + "); first: "
              + first.getMessage(),
          first,
          outcomes,
          retryable);
    }
    return applied;
  }

  private Map<String, Object> result(List<Applied> applied, Map<String, Object> type, String verb) {
    Map<String, Object> model =
        applied.stream().map(Applied::model).filter(Objects::nonNull).findFirst().orElse(null);
    Map<String, Object> result = new LinkedHashMap<>();
    if (model != null) {
      result.putAll(model);
    } else {
      result.putAll(type); // only a contact already detached comes without Intercom's model
      result.put("already_detached", true);
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("contacts", applied.stream().map(a -> outcome(a.contact(), a.outcome())).toList());
    Map<String, Object> subscriptionType = new LinkedHashMap<>();
    Map<String, Object> named = model != null ? model : type;
    subscriptionType.put("id", String.valueOf(named.get("id")));
    subscriptionType.put(
        "name", named.containsKey("default_translation") ? SubscriptionTypes.nameOf(named) : null);
    evidence.put("subscriptionType", subscriptionType);
    result.put(EVIDENCE, evidence);
    return result;
  }

  private static Map<String, Object> outcome(FoundContact contact, String outcome) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", contact.id());
    entry.put("role", contact.role());
    entry.put("foundBy", contact.foundBy());
    entry.put("mergedFrom", contact.mergedFrom());
    entry.put("outcome", outcome);
    return entry;
  }

  private static boolean lists(Map<String, Object> list, String subscriptionId) {
    if (list.get("data") instanceof List<?> data) {
      for (Object entry : data) {
        if (entry instanceof Map<?, ?> m
            && Objects.equals(String.valueOf(m.get("id")), subscriptionId)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
  }

  static Duration roundUpToSeconds(Duration d) {
    long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, seconds));
  }
}
