/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/**
 * The legal basis a change is made on, for the evidence: one of the six of GDPR Art. 6(1), and a
 * free-text explanation. Optional; a form unwraps it into its "Legal basis" group (fields {@code
 * legalBasis} and {@code legalBasisExplanation}) and checks it with {@link #check}.
 */
public record LegalBasis(
    @TemplateProperty(
            group = "legalBasis",
            label = "Legal basis",
            description =
                "The basis of GDPR Art. 6(1) the change is made on, kept in the evidence:"
                    + " usually consent (Art. 6(1)(a)) for a person's own yes or no, and a legal"
                    + " obligation (Art. 6(1)(c), with Art. 17) for an erasure the person asked"
                    + " for.",
            type = PropertyType.Dropdown,
            defaultValue = LegalBases.NONE,
            choices = {
              @DropdownPropertyChoice(value = LegalBases.NONE, label = "Not recorded"),
              @DropdownPropertyChoice(value = "consent", label = "Consent, Art. 6(1)(a)"),
              @DropdownPropertyChoice(value = "contract", label = "Contract, Art. 6(1)(b)"),
              @DropdownPropertyChoice(
                  value = "legal_obligation",
                  label = "Legal obligation, Art. 6(1)(c)"),
              @DropdownPropertyChoice(
                  value = "vital_interests",
                  label = "Vital interests, Art. 6(1)(d)"),
              @DropdownPropertyChoice(value = "public_task", label = "Public task, Art. 6(1)(e)"),
              @DropdownPropertyChoice(
                  value = "legitimate_interests",
                  label = "Legitimate interests, Art. 6(1)(f)")
            })
        String legalBasis,
    @TemplateProperty(
            group = "legalBasis",
            label = "Explanation",
            description =
                "Why this basis applies, e.g. the request's reference or the policy's section."
                    + " Kept in the evidence as given: write no personal data here.",
            optional = true,
            constraints = @PropertyConstraints(minLength = 0, maxLength = LegalBases.MAX_TEXT),
            condition =
                @PropertyCondition(
                    property = "legalBasis",
                    oneOf = {
                      "consent",
                      "contract",
                      "legal_obligation",
                      "vital_interests",
                      "public_task",
                      "legitimate_interests"
                    }))
        String legalBasisExplanation) {

  /**
   * Refuses a basis that is none of the six (or {@code none}), an explanation too long to keep, and
   * an explanation without a basis. Nothing given is allowed.
   */
  public static FormChecks check(LegalBasis basis, FormChecks checks) {
    if (basis == null) {
      return checks;
    }
    String chosen = basis.chosen();
    if (basis.legalBasis() != null && !basis.legalBasis().isBlank()) {
      checks.oneOf(
          "legalBasis", basis.legalBasis().strip(), LegalBases.CHOICES, LegalBases.EXPECTED);
    }
    checks.atMost("legalBasisExplanation", basis.legalBasisExplanation(), LegalBases.MAX_TEXT);
    String explanation = basis.legalBasisExplanation();
    if (chosen == null && explanation != null && !explanation.isBlank()) {
      checks.refuse(
          "legalBasisExplanation",
          "is kept only with a legal basis: choose one of the six, or leave it empty");
    }
    return checks;
  }

  /** The basis chosen, or null when none was (or "none" was chosen). */
  public String chosen() {
    String value = legalBasis == null ? "" : legalBasis.strip();
    return value.isEmpty() || value.equals(LegalBases.NONE) ? null : value;
  }

  /**
   * The legal basis as the evidence keeps it: the basis, its point of Art. 6(1), and the
   * explanation (null when blank).
   */
  public record Kept(String basis, String article, String explanation) {}

  /** What the evidence keeps of this basis, or null when none was chosen. */
  public static Kept kept(LegalBasis basis) {
    String chosen = basis == null ? null : basis.chosen();
    return chosen == null
        ? null
        : new Kept(chosen, "Art. " + LegalBases.ARTICLES.get(chosen), basis.explanation());
  }

  /** The explanation as kept: null when blank. */
  public String explanation() {
    return legalBasisExplanation == null || legalBasisExplanation.isBlank()
        ? null
        : legalBasisExplanation;
  }
}
