/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

/** Values of the "Contact" dropdowns that code refers to. */
public final class ContactChoices {
  /** Find the contact by Intercom's id (the default). */
  public static final String BY_ID = "id";

  /** Find the contact by email. */
  public static final String BY_EMAIL = "email";

  /** Find the contact by the user's id in the process owner's system. */
  public static final String BY_EXTERNAL_ID = "external_id";

  /** Contact role: users and leads. */
  public static final String ANY_ROLE = "any";

  /** Several contacts match: fail, listing them (the default). */
  public static final String SEVERAL_FAIL = "fail";

  /** Several contacts match: apply to every one. */
  public static final String SEVERAL_ALL = "all";

  /** How long a lookup keeps looking by default, when the form says nothing. */
  public static final int DEFAULT_SEARCH_WAIT_SECONDS = 300;

  private ContactChoices() {}
}
