/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static io.github.intercomconnector.client.IntercomRequest.value;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.client.IntercomRequest;
import io.github.intercomconnector.client.IntercomResponse;
import io.github.intercomconnector.lookup.ContactFinder;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.LookupException;
import io.github.intercomconnector.lookup.SubscriptionTypes;
import io.github.intercomconnector.model.AttachSubscriptionRequest;
import io.github.intercomconnector.model.ConsentAnswer;
import io.github.intercomconnector.model.ContactChoices;
import io.github.intercomconnector.model.ContactSelector;
import io.github.intercomconnector.model.ContentTypes;
import io.github.intercomconnector.model.DetachSubscriptionRequest;
import io.github.intercomconnector.model.GetConsentRequest;
import io.github.intercomconnector.model.SetConsentRequest;
import io.github.intercomconnector.model.SubscriptionTypeChoices;
import io.github.intercomconnector.model.SubscriptionTypeSelector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What each Intercom task means, in Intercom API calls: one method per task. */
public final class SubscriptionService {

  static final String CONTACT = "/contacts/{contact_id}";
  static final String CONTACT_SUBSCRIPTIONS = "/contacts/{contact_id}/subscriptions";
  static final String CONTACT_SUBSCRIPTION =
      "/contacts/{contact_id}/subscriptions/{subscription_id}";

  /** The result's key for what the connector adds to Intercom's model. */
  public static final String EVIDENCE = "consentEvidence";

  /** First and longest wait between two searches for a contact that is not searchable yet. */
  static final Duration FIRST_SEARCH_BACKOFF = Duration.ofSeconds(2);

  static final Duration MAX_SEARCH_BACKOFF = Duration.ofSeconds(60);

  private final RuntimePolicies policies;
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
    this.policies = RuntimePolicies.from(environment);
    this.client = client;
    this.connections = new ConnectionSettings(environment, policies.windowShare());
    this.contacts = new ContactFinder();
    this.types = new SubscriptionTypes(clock);
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

  /** How long the job has waited for the rate limit, since it was first handed back for it. */
  Duration rateLimitedFor(JobMemory.Job job) {
    Instant now = clock.instant();
    return Duration.between(job.firstRateLimited(now), now);
  }

  /** The operator's rate-limit policies for this runtime. */
  RuntimePolicies policies() {
    return policies;
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
    Map<String, Object> answer = answer(request.answer());
    RecordedCalls calls = calls(request.connection(), job);
    String consentType = request.effectiveConsentType();
    ContactQuery query = contactQuery(request.contact());
    Map<String, Object> type = subscriptionType(calls, request.subscriptionType(), false);
    String typeId = String.valueOf(type.get("id"));
    List<Applied> applied =
        forEachContact(
            find(calls, query, job),
            job,
            contact -> attachOne(calls, contact, typeId, consentType));
    return withAnswer(result(calls, applied, type, "attach", consentType), answer);
  }

  /**
   * "Detach subscription": detaches the type from the contact(s); returns Intercom's model of the
   * removed type with {@value #EVIDENCE}. With "already detached counts as success", a 404 for a
   * contact that exists and does not have the type is {@code already_detached}.
   */
  public Map<String, Object> detach(DetachSubscriptionRequest request, JobMemory.Job job) {
    Map<String, Object> answer = answer(request.answer());
    RecordedCalls calls = calls(request.connection(), job);
    ContactQuery query = contactQuery(request.contact());
    Map<String, Object> type = subscriptionType(calls, request.subscriptionType(), false);
    String typeId = String.valueOf(type.get("id"));
    List<Applied> applied =
        forEachContact(
            find(calls, query, job),
            job,
            contact -> detachOne(calls, contact, typeId, request.alreadyDetachedIsSuccess(), job));
    return withAnswer(result(calls, applied, type, "detach", null), answer);
  }

  /**
   * "Set consent": from the person's yes or no and the type's consent model, attaches, detaches or
   * leaves the type; returns Intercom's subscription type model with {@value #EVIDENCE}, which says
   * the state before and after.
   */
  public Map<String, Object> setConsent(SetConsentRequest request, JobMemory.Job job) {
    Map<String, Object> answer = answer(request.answer());
    RecordedCalls calls = calls(request.connection(), job);
    if (request.contactAgrees() == null) {
      throw new IntercomInputException(
          "contactAgrees", "must be true or false (the person's answer), got nothing");
    }
    boolean agrees = request.contactAgrees();
    ContactQuery query = contactQuery(request.contact());
    Map<String, Object> type = subscriptionType(calls, request.subscriptionType(), true);
    List<Applied> applied =
        forEachContact(
            find(calls, query, job), job, contact -> setOne(calls, contact, type, agrees, job));
    String sent =
        applied.stream()
            .filter(a -> "attached".equals(a.action()))
            .map(a -> String.valueOf(type.get("consent_type")))
            .findFirst()
            .orElse(null);
    return withAnswer(result(calls, applied, type, "setConsent", sent), answer);
  }

  /**
   * "Get consent": for every live subscription type (or the chosen ones), whether the contact(s)
   * receive its messages, computed from its consent model and what the contact chose, and the
   * contact's global email opt-out.
   */
  public Map<String, Object> getConsent(GetConsentRequest request, JobMemory.Job job) {
    RecordedCalls calls = calls(request.connection(), job);
    ContactQuery query = contactQuery(request.contact());
    List<Map<String, Object>> chosen =
        chosenTypes(calls, request.subscriptionTypes(), request.contentType());
    List<Map<String, Object>> pictures = new ArrayList<>();
    List<Map<String, Object>> read = new ArrayList<>();
    for (FoundContact found : find(calls, query, job)) {
      Read contact = readContact(calls, found);
      Set<String> attached = attachedIds(calls, contact.found());
      Map<String, Object> picture = outcome(contact.found(), "read");
      picture.remove("action");
      picture.put("unsubscribedFromEmails", contact.unsubscribedFromEmails());
      List<Map<String, Object>> subscriptions = new ArrayList<>();
      for (Map<String, Object> type : chosen) {
        subscriptions.add(subscription(type, attached, contact.unsubscribedFromEmails()));
      }
      picture.put("subscriptions", subscriptions);
      pictures.add(picture);
      Map<String, Object> entry = outcome(contact.found(), "read");
      entry.put("unsubscribedFromEmails", contact.unsubscribedFromEmails());
      read.add(entry);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("contacts", pictures);
    Map<String, Object> evidence = evidence(calls, "getConsent", read, null, "read", null, null);
    evidence.put(
        "subscriptionTypes", chosen.stream().map(t -> String.valueOf(t.get("id"))).toList());
    result.put(EVIDENCE, evidence);
    return result;
  }

  private RecordedCalls calls(
      io.github.intercomconnector.model.IntercomConnection connection, JobMemory.Job job) {
    return new RecordedCalls(client, connections.from(connection), job.turn());
  }

  // ---------------------------------------------------------------- contacts

  /**
   * A value from the form as it will be sent: without surrounding whitespace, and refused when
   * nothing is left or when it holds a control character (a line break, U+0000), which no id, email
   * or name of Intercom's holds. Validation looks at this form, never at the raw one.
   */
  static String cleaned(String field, String value, String expectation) {
    String sent = value == null ? "" : value.strip();
    if (sent.isEmpty()) {
      throw new IntercomInputException(field, expectation + ", got nothing");
    }
    if (sent.chars().anyMatch(Character::isISOControl)) {
      throw new IntercomInputException(
          field, expectation + ", got a value with a control character");
    }
    return sent;
  }

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
    value = cleaned(field, value, expectation);
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
        value,
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
  private List<FoundContact> find(IntercomCalls calls, ContactQuery query, JobMemory.Job job) {
    try {
      return contacts.find(calls, query);
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
      client.metrics().searchWait();
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

  /**
   * The subscription type a form names. By id, without reading the workspace's types unless the
   * task needs the type's consent model ({@code full}); then the type must be live.
   */
  private Map<String, Object> subscriptionType(
      IntercomCalls calls, SubscriptionTypeSelector form, boolean full) {
    String by = blankToDefault(form.subscriptionTypeBy(), SubscriptionTypeChoices.BY_ID);
    if (by.equals(SubscriptionTypeChoices.BY_NAME)) {
      String name =
          cleaned(
              "subscriptionTypeName",
              form.subscriptionTypeName(),
              "must be the name of a subscription type");
      return types.byName(calls, name);
    }
    if (!by.equals(SubscriptionTypeChoices.BY_ID)) {
      throw new IntercomInputException(
          "subscriptionTypeBy", "must be id or name, got '" + by + "'");
    }
    String id =
        cleaned(
            "subscriptionTypeId",
            form.subscriptionTypeId(),
            "must be the Intercom id of a subscription type");
    if (full) {
      return types.liveById(calls, id);
    }
    Map<String, Object> known = new LinkedHashMap<>();
    known.put("type", "subscription");
    known.put("id", id);
    return known;
  }

  /** The live types a Get consent reads: all, or those the filter names, of the content type. */
  private List<Map<String, Object>> chosenTypes(
      IntercomCalls calls, Object filter, String contentType) {
    String kind = blankToDefault(contentType, ContentTypes.ANY);
    if (!List.of(ContentTypes.ANY, ContentTypes.EMAIL, ContentTypes.SMS).contains(kind)) {
      throw new IntercomInputException(
          "contentType", "must be any, email or sms_message, got '" + contentType + "'");
    }
    List<String> wanted = filterEntries(filter);
    List<Map<String, Object>> chosen = new ArrayList<>();
    if (wanted.isEmpty()) {
      types.all(calls).stream().filter(t -> "live".equals(t.get("state"))).forEach(chosen::add);
    } else {
      for (String entry : wanted) {
        Map<String, Object> type = types.liveByIdOrName(calls, entry);
        if (chosen.stream().noneMatch(t -> Objects.equals(t.get("id"), type.get("id")))) {
          chosen.add(type);
        }
      }
    }
    return chosen.stream()
        .filter(t -> kind.equals(ContentTypes.ANY) || contentTypes(t).contains(kind))
        .toList();
  }

  /** The filter's entries: a FEEL list, or a comma-separated text. */
  private static List<String> filterEntries(Object filter) {
    List<String> entries = new ArrayList<>();
    if (filter instanceof List<?> list) {
      list.forEach(item -> entries.add(String.valueOf(item)));
    } else if (filter != null) {
      entries.addAll(List.of(String.valueOf(filter).split(",")));
    }
    return entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
  }

  private static List<String> contentTypes(Map<String, Object> type) {
    List<String> kinds = new ArrayList<>();
    if (type.get("content_types") instanceof List<?> list) {
      list.forEach(k -> kinds.add(String.valueOf(k)));
    }
    return kinds;
  }

  /** One type in a person's consent picture. */
  private static Map<String, Object> subscription(
      Map<String, Object> type, Set<String> attached, boolean unsubscribedFromEmails) {
    String id = String.valueOf(type.get("id"));
    String consentType = String.valueOf(type.get("consent_type"));
    boolean isAttached = attached.contains(id);
    boolean receives = Consent.receives(consentType, isAttached);
    List<String> kinds = contentTypes(type);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", id);
    entry.put("name", SubscriptionTypes.nameOf(type));
    entry.put("consentType", consentType);
    entry.put("contentTypes", kinds);
    entry.put("attached", isAttached);
    entry.put("receives", receives);
    entry.put(
        "receivesEmail", receives && kinds.contains(ContentTypes.EMAIL) && !unsubscribedFromEmails);
    entry.put("receivesSms", receives && kinds.contains(ContentTypes.SMS));
    return entry;
  }

  // ---------------------------------------------------------------- changes

  /**
   * What one change did to one contact: Intercom's model it answered (if any), the action, what
   * else the evidence says of the contact, and the type's model as far as known.
   */
  private record Applied(
      FoundContact contact,
      Map<String, Object> model,
      String action,
      Map<String, Object> extra,
      Map<String, Object> knownType) {

    Applied(FoundContact contact, Map<String, Object> model, String action) {
      this(contact, model, action, Map.of(), model);
    }
  }

  @FunctionalInterface
  private interface Change {
    Applied apply(FoundContact contact);
  }

  private Applied attachOne(
      IntercomCalls calls, FoundContact contact, String typeId, String consentType) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", typeId);
    body.put("consent_type", consentType);
    try {
      IntercomResponse answer =
          calls.send(
              IntercomRequest.post(CONTACT_SUBSCRIPTIONS, body, value("contactId", contact.id())));
      return new Applied(contact, answer.body(), "attached");
    } catch (IntercomApiException e) {
      FoundContact canonical = canonical(contact, e);
      if (canonical == null) {
        throw e;
      }
      return attachOne(calls, canonical, typeId, consentType);
    }
  }

  private Applied detachOne(
      IntercomCalls calls,
      FoundContact contact,
      String typeId,
      boolean alreadyDetachedIsSuccess,
      JobMemory.Job job) {
    try {
      IntercomResponse answer =
          calls.send(
              IntercomRequest.delete(
                  CONTACT_SUBSCRIPTION,
                  value("contactId", contact.id()),
                  value("subscriptionTypeId", typeId)));
      return new Applied(contact, answer.body(), "detached");
    } catch (IntercomApiException e) {
      FoundContact canonical = canonical(contact, e);
      if (canonical != null) {
        return detachOne(calls, canonical, typeId, alreadyDetachedIsSuccess, job);
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
      Set<String> attached;
      try {
        attached = attachedIds(calls, contact);
      } catch (IntercomApiException lookup) {
        throw e; // contact missing (or the lookup failed): the original 404 stands
      }
      if (attached.contains(typeId)) {
        throw e; // still attached, so the 404 means something else
      }
      if (ours && !alreadyDetachedIsSuccess) {
        Map<String, Object> model = types.byId(calls, typeId);
        return new Applied(
            contact,
            model == null ? Map.of("type", "subscription", "id", typeId) : model,
            "detached");
      }
      // The type's consent model, if the workspace's list is at hand, says what "receives" is.
      return new Applied(contact, null, "already_detached", Map.of(), types.kept(calls, typeId));
    }
  }

  /**
   * Set consent for one contact: read whether it has the type attached, then attach or detach as
   * the answer needs, or leave it. A retry after a lost answer finds the wanted state and says what
   * the earlier attempt did.
   */
  private Applied setOne(
      IntercomCalls calls,
      FoundContact found,
      Map<String, Object> type,
      boolean agrees,
      JobMemory.Job job) {
    Read read = readContact(calls, found);
    FoundContact contact = read.found();
    String typeId = String.valueOf(type.get("id"));
    String consentType = String.valueOf(type.get("consent_type"));
    boolean attachedNow = attachedIds(calls, contact).contains(typeId);
    // An earlier attempt of this job that sent a change saw the state before it.
    JobMemory.Tried earlier = job.tried(contact.id());
    boolean attachedBefore = earlier != null ? earlier.attachedBefore() : attachedNow;
    boolean wantAttached = Consent.attachedFor(consentType, agrees);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("receivesBefore", Consent.receives(consentType, attachedBefore));
    extra.put("attachedBefore", attachedBefore);
    extra.put("attachedAfter", wantAttached);
    extra.put("unsubscribedFromEmails", read.unsubscribedFromEmails());
    if (attachedNow == wantAttached) {
      return new Applied(
          contact, type, earlier != null ? earlier.action() : "unchanged", extra, type);
    }
    String action = wantAttached ? "attached" : "detached";
    job.trying(contact.id(), action, attachedBefore);
    Applied done =
        wantAttached
            ? attachOne(calls, contact, typeId, consentType)
            : detachOne(calls, contact, typeId, true, job);
    return new Applied(
        done.contact(), done.model() != null ? done.model() : type, action, extra, type);
  }

  /** A contact as Intercom has it now: role, global email opt-out, merges followed once. */
  private record Read(FoundContact found, boolean unsubscribedFromEmails) {}

  private Read readContact(IntercomCalls calls, FoundContact contact) {
    Map<String, Object> model;
    FoundContact used = contact;
    try {
      model = calls.send(IntercomRequest.get(CONTACT, value("contactId", contact.id()))).body();
    } catch (IntercomApiException e) {
      FoundContact canonical = canonical(contact, e);
      if (canonical == null) {
        throw e;
      }
      used = canonical;
      model = calls.send(IntercomRequest.get(CONTACT, value("contactId", canonical.id()))).body();
    }
    String role = model.get("role") instanceof String r ? r : used.role();
    return new Read(
        new FoundContact(used.id(), role, used.foundBy(), used.mergedFrom()),
        Boolean.TRUE.equals(model.get("unsubscribed_from_emails")));
  }

  /** The ids of the types a contact has attached (Intercom lists no type at its default). */
  private static Set<String> attachedIds(IntercomCalls calls, FoundContact contact) {
    Map<String, Object> list =
        calls
            .send(IntercomRequest.get(CONTACT_SUBSCRIPTIONS, value("contactId", contact.id())))
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
        Map<String, Object> model = job.model(contact.id());
        applied.add(new Applied(contact, model, (String) earlier.get("action"), earlier, model));
        continue;
      }
      try {
        Applied done = change.apply(contact);
        Map<String, Object> outcome = outcome(done);
        job.done(contact.id(), outcome, done.model());
        outcomes.add(outcome);
        applied.add(done);
      } catch (IntercomApiException e) {
        if (found.size() == 1 || e.retryAfter() != null) {
          throw e; // a wait for the rate limit hands the whole job back; done contacts stay done
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
      long failed = outcomes.stream().filter(o -> "failed".equals(o.get("action"))).count();
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

  // ---------------------------------------------------------------- results

  /** Intercom's model of the type at the top level, and the evidence. */
  /**
   * The evidence's {@code answer}: what the person was shown, where and when they answered, as the
   * process gave them (the time in UTC). Checked before any call is made.
   */
  static Map<String, Object> answer(ConsentAnswer form) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("wording", form == null ? null : blankToNull(form.consentWording()));
    answer.put("source", form == null ? null : blankToNull(form.consentSource()));
    String at = form == null ? null : blankToNull(form.consentAnsweredAt());
    if (at != null) {
      try {
        at = DateTimeFormatter.ISO_INSTANT.format(ZonedDateTime.parse(at.strip()).toInstant());
      } catch (DateTimeParseException e) {
        throw new IntercomInputException(
            "consentAnsweredAt",
            "must be a date and time with its offset (ISO 8601, e.g. 2026-12-06T10:15:00Z), got '"
                + InputRefusals.cut(at)
                + "'");
      }
    }
    answer.put("answeredAt", at);
    return answer;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withAnswer(
      Map<String, Object> result, Map<String, Object> answer) {
    ((Map<String, Object>) result.get(EVIDENCE)).put("answer", answer);
    return result;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private Map<String, Object> result(
      RecordedCalls calls,
      List<Applied> applied,
      Map<String, Object> type,
      String task,
      String consentTypeSent) {
    Map<String, Object> model =
        applied.stream().map(Applied::model).filter(Objects::nonNull).findFirst().orElse(null);
    Map<String, Object> result = new LinkedHashMap<>();
    if (model != null) {
      result.putAll(model);
    } else {
      result.putAll(type); // only a contact already detached comes without Intercom's model
      result.put("already_detached", true);
    }
    Map<String, Object> known =
        applied.stream()
            .map(Applied::knownType)
            .filter(t -> t != null && t.containsKey("consent_type"))
            .findFirst()
            .orElse(type);
    List<Map<String, Object>> contacts = new ArrayList<>();
    for (Applied a : applied) {
      Map<String, Object> entry = outcome(a);
      entry.put("receives", receivesAfter(a.action(), known, entry));
      contacts.add(entry);
    }
    List<Object> receives = contacts.stream().map(c -> c.get("receives")).distinct().toList();
    List<Object> actions = contacts.stream().map(c -> c.get("action")).distinct().toList();
    result.put(
        EVIDENCE,
        evidence(
            calls,
            task,
            contacts,
            known,
            actions.size() == 1 ? actions.get(0) : "mixed",
            consentTypeSent,
            receives.size() == 1 ? receives.get(0) : null));
    return result;
  }

  /** Whether the contact receives the type's messages after the action, when it can be known. */
  private static Boolean receivesAfter(
      String action, Map<String, Object> type, Map<String, Object> entry) {
    if (entry.get("attachedAfter") instanceof Boolean attached
        && type.containsKey("consent_type")) {
      return Consent.receives(String.valueOf(type.get("consent_type")), attached);
    }
    if (!type.containsKey("consent_type")) {
      return null;
    }
    String consentType = String.valueOf(type.get("consent_type"));
    return switch (action) {
      case "attached" -> Consent.receives(consentType, true);
      case "detached", "already_detached" -> Consent.receives(consentType, false);
      default -> null;
    };
  }

  /**
   * The record a process can keep as proof of consent: which contacts and how they were found, the
   * subscription type, the action, the consent type sent, whether the contact receives the messages
   * afterwards, when (Intercom's clock where it gave one), Intercom's request ids, the API version
   * and host. No token, and no personal data beyond what the process gave.
   */
  private Map<String, Object> evidence(
      RecordedCalls calls,
      String task,
      List<Map<String, Object>> contacts,
      Map<String, Object> type,
      Object action,
      String consentTypeSent,
      Object receives) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("task", task);
    evidence.put("contacts", contacts);
    if (type != null) {
      Map<String, Object> subscriptionType = new LinkedHashMap<>();
      subscriptionType.put("id", String.valueOf(type.get("id")));
      subscriptionType.put(
          "name", type.containsKey("default_translation") ? SubscriptionTypes.nameOf(type) : null);
      subscriptionType.put("consentType", type.get("consent_type"));
      evidence.put("subscriptionType", subscriptionType);
    }
    evidence.put("action", action);
    evidence.put("consentTypeSent", consentTypeSent);
    evidence.put("receives", receives);
    Instant intercomTime = calls.intercomTime();
    evidence.put("at", (intercomTime != null ? intercomTime : clock.instant()).toString());
    evidence.put("clock", intercomTime != null ? "intercom" : "connector");
    evidence.put("requestIds", calls.requestIds());
    evidence.put("intercomVersion", calls.settings().intercomVersion());
    evidence.put("intercomHost", calls.settings().baseUrl().host());
    return evidence;
  }

  private static Map<String, Object> outcome(Applied applied) {
    Map<String, Object> entry = outcome(applied.contact(), applied.action());
    applied.extra().forEach(entry::putIfAbsent);
    return entry;
  }

  private static Map<String, Object> outcome(FoundContact contact, String action) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", contact.id());
    entry.put("role", contact.role());
    entry.put("foundBy", contact.foundBy());
    entry.put("mergedFrom", contact.mergedFrom());
    entry.put("action", action);
    return entry;
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
  }

  static Duration roundUpToSeconds(Duration d) {
    long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, seconds));
  }
}
