/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

/**
 * The ids of the example workspace seeded from {@code sandbox/seed.json}, in one place for the
 * examples and every test. {@code ExampleWorkspaceTest} proves they match the seed.
 */
public final class ExampleWorkspace {

  /** A user, ada@example.com, external id cust-1001, no consents. */
  public static final String ADA = "6650a1c0e5b1a2f3c4d5e601";

  /** A user, grace@example.com, external id cust-1002, no consents. */
  public static final String GRACE = "6650a1c0e5b1a2f3c4d5e602";

  /** A user, alan@example.com, external id cust-1003, opted in to 110 and out of 112. */
  public static final String ALAN = "6650a1c0e5b1a2f3c4d5e603";

  /** A lead, katherine@example.com, no consents. */
  public static final String KATHERINE = "6650a1c0e5b1a2f3c4d5e604";

  /** A user, hedy@example.com, external id cust-1005, opted in to 108. */
  public static final String HEDY = "6650a1c0e5b1a2f3c4d5e605";

  /** A lead with Hedy's email, hedy@example.com, also opted in to 108. */
  public static final String HEDY_LEAD = "6650a1c0e5b1a2f3c4d5e606";

  /**
   * A user, margaret@example.com, external id cust-1006, opted in to 110 but unsubscribed from all
   * emails.
   */
  public static final String MARGARET = "6650a1c0e5b1a2f3c4d5e607";

  /** A user, grace.old@example.com, external id cust-0999, merged into {@link #GRACE}. */
  public static final String GRACE_OLD_ACCOUNT = "6650a1c0e5b1a2f3c4d5e608";

  /** Opt-in, live: "Newsletters" (French "Lettre d'information"), email. */
  public static final String NEWSLETTERS = "108";

  /** Opt-in, live: "Product updates", email and SMS. */
  public static final String PRODUCT_UPDATES = "110";

  /** Opt-out, live: "Marketing emails". */
  public static final String MARKETING_EMAILS = "112";

  /** Opt-in, draft: "Beta program". */
  public static final String BETA_PROGRAM = "114";

  /** Opt-in, archived: "Legacy digest". */
  public static final String LEGACY_DIGEST = "116";

  private ExampleWorkspace() {}
}
