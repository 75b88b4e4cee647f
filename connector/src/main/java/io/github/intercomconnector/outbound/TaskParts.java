/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.lookup.SubscriptionTypes;
import io.github.intercomconnector.model.IntercomConnection;
import io.github.intercomconnector.steps.Changes;
import io.github.intercomconnector.steps.Contacts;
import io.github.intercomconnector.steps.EmailOptOuts;
import io.github.intercomconnector.steps.Erasures;
import io.github.intercomconnector.steps.EvidenceWriter;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.RecordedCalls;
import io.github.intercomconnector.steps.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What all Intercom tasks of one runtime share: one client, the operator's settings, the steps
 * (finding contacts and types, changing a contact's subscription, recording the evidence), and the
 * memory of the jobs in progress.
 */
public final class TaskParts {

  private final RuntimePolicies policies;
  private final IntercomClient client;
  private final ConnectionSettings connections;
  private final Contacts contacts;
  private final Types types;
  private final Changes changes;
  private final EvidenceWriter evidence;
  private final Erasures erasures;
  private final EmailOptOuts emailOptOuts;
  private final JobMemory memory;
  private final Clock clock;

  public TaskParts(IntercomClient client, RuntimeEnvironment environment) {
    this(client, environment, Clock.systemUTC());
  }

  public TaskParts(IntercomClient client, RuntimeEnvironment environment, Clock clock) {
    this.policies = RuntimePolicies.from(environment);
    this.client = client;
    this.connections = new ConnectionSettings(environment, policies.windowShare());
    this.contacts = new Contacts(client.metrics(), clock);
    SubscriptionTypes subscriptionTypes = new SubscriptionTypes(clock);
    this.types = new Types(subscriptionTypes);
    this.changes = new Changes(subscriptionTypes);
    this.evidence = new EvidenceWriter(clock);
    this.erasures = new Erasures(contacts, clock);
    this.emailOptOuts = new EmailOptOuts(contacts, evidence);
    this.memory = new JobMemory(clock);
    this.clock = clock;
  }

  /** What the tasks of this runtime share: one client, the runtime's own environment. */
  public static TaskParts shared() {
    return OneRuntime.PARTS;
  }

  /** Created on first use, once, by the class loader. */
  private static final class OneRuntime {
    static final TaskParts PARTS =
        new TaskParts(IntercomClient.shared(), RuntimeEnvironment.SYSTEM);
  }

  /** The calls of one task run on the form's connection, recorded for the evidence. */
  public RecordedCalls calls(IntercomConnection connection, JobMemory.Job job) {
    return new RecordedCalls(client, connections.from(connection), job.turn());
  }

  public Contacts contacts() {
    return contacts;
  }

  public Types types() {
    return types;
  }

  public Changes changes() {
    return changes;
  }

  public EvidenceWriter evidenceWriter() {
    return evidence;
  }

  public Erasures erasures() {
    return erasures;
  }

  public EmailOptOuts emailOptOuts() {
    return emailOptOuts;
  }

  /** How many jobs this runtime remembers now. */
  public int jobsRemembered() {
    return memory.size();
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
}
