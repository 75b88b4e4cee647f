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

  /** Every value the form takes. */
  public static final java.util.List<String> CHOICES = java.util.List.of(ANY, EMAIL, SMS);

  private ContentTypes() {}
}
