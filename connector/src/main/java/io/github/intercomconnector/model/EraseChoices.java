/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import java.util.List;

/** Values of the "Erase by" dropdown that code refers to. */
public final class EraseChoices {
  /** Delete the contact permanently (the default). */
  public static final String DELETE = "delete";

  /** Archive the contact. */
  public static final String ARCHIVE = "archive";

  static final List<String> CHOICES = List.of(DELETE, ARCHIVE);

  static final String EXPECTED = "must be delete or archive";

  private EraseChoices() {}
}
