/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.ratelimit.Turn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this runtime remembers of the jobs it is working on, between one attempt of a job and the
 * next (a hand-back, an engine retry): since when a search has found nobody, which contacts are
 * done, which calls got no answer. Keyed by the job's element instance key; at most {@value
 * #MAX_JOBS} jobs for at most {@link #KEEP} each. Another runtime taking the job over starts
 * afresh, so everything kept here only saves work or time, never decides correctness alone.
 */
public final class JobMemory {

  static final int MAX_JOBS = 10_000;
  static final Duration KEEP = Duration.ofHours(2);

  /** One job's memory. */
  public static final class Job {
    private Instant firstMiss;
    // Made when first needed: most jobs complete in one attempt and never use them.
    private Map<String, DoneFor> done;
    private Set<String> unanswered;
    private Map<String, Tried> tried;
    private final Turn turn = new Turn();
    private Instant firstRateLimited;
    private Instant touched;
    private MadeBy madeBy;
    private List<FoundContact> lookedUp;

    /** The process, element and job this job belongs to, as the runtime gave them; or null. */
    public synchronized MadeBy madeBy() {
      return madeBy;
    }

    /** Keeps the process, element and job of this job, as the runtime gives them. */
    public synchronized void madeBy(MadeBy madeBy) {
      this.madeBy = madeBy;
    }

    /** The contacts the job's first complete lookup found, or null before one completed. */
    synchronized List<FoundContact> lookedUp() {
      return lookedUp;
    }

    /** Keeps the contacts a complete lookup found, unless an earlier attempt kept some. */
    synchronized void lookedUp(List<FoundContact> found) {
      if (lookedUp == null) {
        lookedUp = List.copyOf(found);
      }
    }

    /** The job's place in the line for the rate limit, kept across hand-backs. */
    public Turn turn() {
      return turn;
    }

    /** When the job was first handed back to wait for the rate limit: {@code now} unless before. */
    public synchronized Instant firstRateLimited(Instant now) {
      if (firstRateLimited == null) {
        firstRateLimited = now;
      }
      return firstRateLimited;
    }

    /** When a search for this job first found nobody: {@code now} unless it did before. */
    synchronized Instant firstMiss(Instant now) {
      if (firstMiss == null) {
        firstMiss = now;
      }
      return firstMiss;
    }

    /** The outcome recorded for a contact in an earlier attempt, or null. */
    synchronized Results.ContactOutcome outcome(String contactId) {
      DoneFor d = done == null ? null : done.get(contactId);
      return d == null ? null : d.outcome();
    }

    /** Intercom's model that came with the contact's earlier outcome, or null. */
    synchronized Map<String, Object> model(String contactId) {
      DoneFor d = done == null ? null : done.get(contactId);
      return d == null ? null : d.model();
    }

    synchronized void done(
        String contactId, Results.ContactOutcome outcome, Map<String, Object> model) {
      if (done == null) {
        done = new LinkedHashMap<>(4);
      }
      DoneFor earlier = done.get(contactId);
      done.put(
          contactId,
          new DoneFor(outcome, model != null ? model : earlier == null ? null : earlier.model()));
      if (unanswered != null) {
        unanswered.remove(contactId);
      }
    }

    /** Marks that a change to this contact may have reached Intercom without an answer. */
    synchronized void unanswered(String contactId) {
      if (unanswered == null) {
        unanswered = new HashSet<>();
      }
      unanswered.add(contactId);
    }

    synchronized boolean wasUnanswered(String contactId) {
      return unanswered != null && unanswered.contains(contactId);
    }

    /**
     * Marks the change about to be sent for a contact, e.g. {@code attached}, and the state it
     * changes as it was before: a later attempt then reports the state before the change, not the
     * state a lost answer left behind.
     */
    public synchronized void trying(String contactId, Action action, boolean stateBefore) {
      if (tried == null) {
        tried = new LinkedHashMap<>(4);
      }
      tried.putIfAbsent(contactId, new Tried(action, stateBefore));
    }

    /** The change an earlier attempt sent for a contact, or null. */
    public synchronized Tried tried(String contactId) {
      return tried == null ? null : tried.get(contactId);
    }
  }

  /** A contact's outcome, and Intercom's model that came with it (or null). */
  private record DoneFor(Results.ContactOutcome outcome, Map<String, Object> model) {}

  /**
   * A change sent for a contact, and the state it changes as it was before: whether the type was
   * attached (a subscription change) or the global email opt-out set (an email opt-out change).
   */
  public record Tried(Action action, boolean stateBefore) {}

  private final Clock clock;
  private final LinkedHashMap<Long, Job> jobs = new LinkedHashMap<>(16, 0.75f, true);

  public JobMemory(Clock clock) {
    this.clock = clock;
  }

  /** The memory of a job; a job without a key (0, as in some test contexts) gets a fresh one. */
  public synchronized Job of(long key) {
    Instant now = clock.instant();
    expire(now);
    if (key == 0) {
      Job fresh = new Job();
      fresh.touched = now;
      return fresh;
    }
    Job job = jobs.computeIfAbsent(key, k -> new Job());
    job.touched = now;
    if (jobs.size() > MAX_JOBS) {
      Long eldest = jobs.keySet().iterator().next();
      jobs.remove(eldest);
    }
    return job;
  }

  /**
   * Forgets the jobs not touched for {@link #KEEP}. The map runs from the least recently touched
   * job to the most, so the look stops at the first job still kept: a burst of thousands of waiting
   * jobs costs each job a step or two here, not a walk through all of them.
   */
  private void expire(Instant now) {
    Iterator<Job> eldestFirst = jobs.values().iterator();
    while (eldestFirst.hasNext() && eldestFirst.next().touched.plus(KEEP).isBefore(now)) {
      eldestFirst.remove();
    }
  }

  /** Forgets a job that has ended: completed, or failed for good. */
  public synchronized void forget(long key) {
    jobs.remove(key);
  }

  public synchronized int size() {
    return jobs.size();
  }
}
