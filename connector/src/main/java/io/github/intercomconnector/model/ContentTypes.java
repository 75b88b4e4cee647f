/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

/** The kinds of message a subscription type sends, as Intercom names them. */
public final class ContentTypes {
  /** Every kind (the filter's default). */
  public static final String ANY = "any";

  public static final String EMAIL = "email";

  public static final String SMS = "sms_message";

  private ContentTypes() {}
}
