/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import java.util.List;

/**
 * The error codes a task fails with ({@code error.code} in an error expression). They are part of
 * the connector's public contract: listed in the README and never renamed. {@link IntercomErrors}
 * decides which one a failure gets.
 */
public final class ErrorCodes {
  /** 401: the token is wrong or revoked, or belongs to a workspace elsewhere. */
  public static final String UNAUTHORIZED = "INTERCOM_UNAUTHORIZED";

  /** 403: the token lacks a permission, or the plan does not include the API. */
  public static final String FORBIDDEN = "INTERCOM_FORBIDDEN";

  /** 404: the contact or the subscription type does not exist (or is not attached). */
  public static final String NOT_FOUND = "INTERCOM_NOT_FOUND";

  /** 409: Intercom refused because of conflicting state. */
  public static final String CONFLICT = "INTERCOM_CONFLICT";

  /** 410: the contact was merged into another one. */
  public static final String CONTACT_MERGED = "INTERCOM_CONTACT_MERGED";

  /** 400, 422 and any other 4xx: Intercom refused the request as invalid. */
  public static final String INVALID_REQUEST = "INTERCOM_INVALID_REQUEST";

  /** 429: the app's or workspace's rate limit is used up. */
  public static final String RATE_LIMITED = "INTERCOM_RATE_LIMITED";

  /** 408 and 5xx: Intercom could not answer. */
  public static final String UNAVAILABLE = "INTERCOM_UNAVAILABLE";

  /** No answer at all: connection refused or dropped, timeout, TLS failure. */
  public static final String NETWORK_ERROR = "INTERCOM_NETWORK_ERROR";

  /** A success status whose body is not the JSON object Intercom documents. */
  public static final String INVALID_RESPONSE = "INTERCOM_INVALID_RESPONSE";

  /** A search by email or external id found nobody, also after the search wait. */
  public static final String CONTACT_NOT_FOUND = "INTERCOM_CONTACT_NOT_FOUND";

  /** Several contacts match and the task wants one (or more than it changes at once). */
  public static final String SEVERAL_CONTACTS_MATCH = "INTERCOM_SEVERAL_CONTACTS_MATCH";

  /** No subscription type has the name. */
  public static final String SUBSCRIPTION_TYPE_NOT_FOUND = "INTERCOM_SUBSCRIPTION_TYPE_NOT_FOUND";

  /** Several live subscription types have the name. */
  public static final String SEVERAL_SUBSCRIPTION_TYPES_MATCH =
      "INTERCOM_SEVERAL_SUBSCRIPTION_TYPES_MATCH";

  /** The subscription type with the name is a draft or archived. */
  public static final String SUBSCRIPTION_TYPE_NOT_LIVE = "INTERCOM_SUBSCRIPTION_TYPE_NOT_LIVE";

  /**
   * Bad input: a field missing, of the wrong kind or not as expected, found before any call. The
   * message is one sentence naming the field as the template binds it.
   */
  public static final String INVALID_INPUT = "INTERCOM_INVALID_INPUT";

  /**
   * Not a failure: a search found nobody yet and the job is handed back to look again. An error
   * expression that maps every error should let it pass.
   */
  public static final String CONTACT_SEARCH_PENDING = "INTERCOM_CONTACT_SEARCH_PENDING";

  /** Every code above, in the README's order. */
  public static final List<String> ALL =
      List.of(
          UNAUTHORIZED,
          FORBIDDEN,
          NOT_FOUND,
          CONFLICT,
          CONTACT_MERGED,
          INVALID_REQUEST,
          RATE_LIMITED,
          UNAVAILABLE,
          NETWORK_ERROR,
          INVALID_RESPONSE,
          CONTACT_NOT_FOUND,
          SEVERAL_CONTACTS_MATCH,
          SUBSCRIPTION_TYPE_NOT_FOUND,
          SEVERAL_SUBSCRIPTION_TYPES_MATCH,
          SUBSCRIPTION_TYPE_NOT_LIVE,
          INVALID_INPUT,
          CONTACT_SEARCH_PENDING);

  private ErrorCodes() {}
}
