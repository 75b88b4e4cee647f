/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import java.util.List;
import java.util.Map;

/**
 * The values of the "Legal basis" fields ({@link LegalBasis}): kept apart from the form record,
 * whose static fields the template generator would read as the form's own.
 */
public final class LegalBases {

  /** The dropdown's value for "not recorded" (the default). */
  public static final String NONE = "none";

  /** The longest explanation kept. */
  public static final int MAX_TEXT = 4000;

  /** Each basis of Art. 6(1), in the article's order, with its point. */
  public static final Map<String, String> ARTICLES =
      Map.of(
          "consent", "6(1)(a)",
          "contract", "6(1)(b)",
          "legal_obligation", "6(1)(c)",
          "vital_interests", "6(1)(d)",
          "public_task", "6(1)(e)",
          "legitimate_interests", "6(1)(f)");

  public static final List<String> CHOICES =
      List.of(
          NONE,
          "consent",
          "contract",
          "legal_obligation",
          "vital_interests",
          "public_task",
          "legitimate_interests");

  public static final String EXPECTED =
      "must be none, consent, contract, legal_obligation, vital_interests, public_task or"
          + " legitimate_interests";

  private LegalBases() {}
}
