/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

/** Values of the "Find the subscription type by" dropdown. */
public final class SubscriptionTypeChoices {
  /** By Intercom's id (the default). */
  public static final String BY_ID = "id";

  /** By name, in any translation. */
  public static final String BY_NAME = "name";

  private SubscriptionTypeChoices() {}
}
