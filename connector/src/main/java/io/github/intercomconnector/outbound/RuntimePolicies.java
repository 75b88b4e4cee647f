/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The rate-limit policies an operator sets for the runtime (system property or environment
 * variable, see {@link RuntimeEnvironment}), checked when the connector is loaded, so that a bad
 * value stops the runtime at start-up with one sentence instead of failing jobs later.
 *
 * @param windowShare the share of each Intercom rate-limit window this runtime may spend, above 0
 *     and at most 1: the rest is left to the app's other clients
 * @param waitKeepingRetries how long a job may wait for the rate limit, over all its hand-backs,
 *     without spending its retries
 */
public record RuntimePolicies(double windowShare, Duration waitKeepingRetries) {

  static final String WINDOW_SHARE = "intercom.connector.rate-limit.share";
  static final String WAIT_KEEPING_RETRIES = "intercom.connector.rate-limit.wait-keeping-retries";

  /** The most a wait may keep a job's retries: a day. */
  static final Duration MAX_WAIT_KEEPING_RETRIES = Duration.ofDays(1);

  /** All of each window, and 10 minutes of waiting that keep a job's retries. */
  public static final RuntimePolicies DEFAULT = new RuntimePolicies(1.0, Duration.ofMinutes(10));

  /** The policies the runtime's settings give, or the defaults for settings not given. */
  public static RuntimePolicies from(RuntimeEnvironment environment) {
    return new RuntimePolicies(
        share(environment.get(WINDOW_SHARE)),
        waitKeepingRetries(environment.get(WAIT_KEEPING_RETRIES)));
  }

  private static double share(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT.windowShare();
    }
    double share;
    try {
      share = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      share = Double.NaN;
    }
    if (!(share > 0 && share <= 1)) {
      throw refused(WINDOW_SHARE, "a number above 0 and at most 1 (e.g. 0.8)", value);
    }
    return share;
  }

  private static Duration waitKeepingRetries(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT.waitKeepingRetries();
    }
    Duration wait;
    try {
      wait = Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      wait = null;
    }
    if (wait == null || wait.isNegative() || wait.compareTo(MAX_WAIT_KEEPING_RETRIES) > 0) {
      throw refused(
          WAIT_KEEPING_RETRIES, "an ISO 8601 duration from PT0S to P1D (e.g. PT10M)", value);
    }
    return wait;
  }

  private static IllegalStateException refused(String property, String expected, String value) {
    return new IllegalStateException(
        property
            + " ("
            + RuntimeEnvironment.variableName(property)
            + "): expected "
            + expected
            + ", got '"
            + InputRefusals.cut(value).replaceAll("\\p{Cntrl}", "?")
            + "'");
  }
}
