/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

/**
 * Every Intercom path the connector calls, spelled as Intercom's OpenAPI description documents it:
 * {@link IntercomRequest} fills the {@code {…}} segments (encoded), the metrics and the rate-limit
 * view name calls by these, and the contract test finds each in the description.
 */
public final class IntercomPaths {

  public static final String SUBSCRIPTION_TYPES = "/subscription_types";
  public static final String CONTACTS_SEARCH = "/contacts/search";
  public static final String CONTACT_BY_EXTERNAL_ID = "/contacts/find_by_external_id/{external_id}";
  public static final String CONTACT = "/contacts/{contact_id}";
  public static final String CONTACT_ARCHIVE = "/contacts/{contact_id}/archive";
  public static final String CONTACT_SUBSCRIPTIONS = "/contacts/{contact_id}/subscriptions";
  public static final String CONTACT_SUBSCRIPTION =
      "/contacts/{contact_id}/subscriptions/{subscription_id}";

  private IntercomPaths() {}
}
