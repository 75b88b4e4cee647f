/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.ratelimit;

import java.time.Instant;

/**
 * One caller's place in the line for an Intercom app's rate limit. A piece of work (a job) keeps
 * its turn across hand-backs: when the app's window is used up, callers are served in the order
 * they first waited, a caller that comes back keeps its place, and one that has made a call already
 * finishes before new ones start. The rate-limit view reads and changes it under its own lock.
 */
public final class Turn {

  static final long NONE = Long.MIN_VALUE;

  /** Place in the line of {@link #app}, or {@link #NONE}. */
  long number = NONE;

  /** The app whose line holds the place. */
  String app;

  /** Whether a call of this turn has been let through already. */
  boolean started;

  /** When the rate limit first made this turn wait, or null. */
  Instant waitingSince;

  /** When the caller, handed back to wait, was expected back; null while it is not away. */
  Instant expectedBack;

  /** When the rate limit first made this turn wait, or null if it never did. */
  public synchronized Instant waitingSince() {
    return waitingSince;
  }

  /** Whether this turn holds a place in a line now. */
  public synchronized boolean waiting() {
    return number != NONE;
  }
}
