/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.lookup.FoundContact;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A change applied to each contact found. A contact done in an earlier attempt of the job is not
 * changed again; when some contacts fail, the others stay done and the job fails naming each.
 */
public final class EachContact {

  /** The change for one contact. */
  @FunctionalInterface
  public interface Change {
    Applied apply(FoundContact contact);
  }

  private EachContact() {}

  /**
   * Applies {@code change} to each contact.
   *
   * @throws IntercomApiException when the only contact failed, or a call must wait for the rate
   *     limit (the whole job is handed back; contacts done stay done)
   * @throws SeveralContactsFailed when some of several contacts failed
   */
  public static List<Applied> apply(List<FoundContact> found, JobMemory.Job job, Change change) {
    List<Applied> applied = new ArrayList<>();
    List<SeveralContactsFailed.Entry> entries = new ArrayList<>();
    IntercomApiException first = null;
    boolean retryable = true;
    int failed = 0;
    for (FoundContact contact : found) {
      Results.ContactOutcome earlier = job.outcome(contact.id());
      if (earlier != null) {
        entries.add(new SeveralContactsFailed.Entry(earlier, null));
        Map<String, Object> model = job.model(contact.id());
        applied.add(
            new Applied(
                contact, model, earlier.action(), earlier.details(), Applied.typeOf(model)));
        continue;
      }
      try {
        Applied done = change.apply(contact);
        Results.ContactOutcome outcome = done.outcome();
        job.done(contact.id(), outcome, done.model());
        entries.add(new SeveralContactsFailed.Entry(outcome, null));
        applied.add(done);
      } catch (IntercomApiException e) {
        if (found.size() == 1 || e.retryAfter() != null) {
          throw e; // a wait for the rate limit hands the whole job back; done contacts stay done
        }
        first = first == null ? e : first;
        retryable &= e.isRetryable();
        failed++;
        entries.add(
            new SeveralContactsFailed.Entry(
                Results.ContactOutcome.of(contact, Action.FAILED, Results.Details.NONE), e));
      }
    }
    if (first != null) {
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
          entries,
          retryable);
    }
    return applied;
  }
}
