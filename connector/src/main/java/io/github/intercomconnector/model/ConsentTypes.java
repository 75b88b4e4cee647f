/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import java.util.List;

/** Values of the consent type dropdown. */
public final class ConsentTypes {
  public static final String OPT_IN = "opt_in";
  public static final String OPT_OUT = "opt_out";

  /** Reveals the "Consent type expression" field. */
  public static final String EXPRESSION = "expression";

  /** The values the "Consent type" field may hold. */
  public static final List<String> CHOICES = List.of(OPT_IN, OPT_OUT, EXPRESSION);

  /** What a refusal of the field says was expected. */
  public static final String EXPECTED = "must be opt_in, opt_out or expression";

  private ConsentTypes() {}
}
