/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

/** Values of the consent type dropdown. */
public final class ConsentTypes {
  public static final String OPT_IN = "opt_in";
  public static final String OPT_OUT = "opt_out";

  /** Reveals the "Consent type expression" field. */
  public static final String EXPRESSION = "expression";

  private ConsentTypes() {}
}
