/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.camunda.connector.generator.java.annotation.NestedProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/** The form of the "Intercom: Attach subscription" task. */
public record AttachSubscriptionRequest(
    IntercomConnection connection,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ContactSelector contact,
    @JsonUnwrapped @NestedProperties(addNestedPath = false)
        SubscriptionTypeSelector subscriptionType,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ConsentAnswer answer,
    @TemplateProperty(
            group = "subscription",
            label = "Consent type",
            description =
                "Opt in for an opt-in subscription type (the contact opts in), opt out for an "
                    + "opt-out type (the contact opts out); it must match the type's own consent "
                    + "type. Choose \"FEEL expression\" to decide it at run time.",
            type = PropertyType.Dropdown,
            defaultValue = ConsentTypes.OPT_IN,
            choices = {
              @DropdownPropertyChoice(value = ConsentTypes.OPT_IN, label = "Opt in (opt_in)"),
              @DropdownPropertyChoice(value = ConsentTypes.OPT_OUT, label = "Opt out (opt_out)"),
              @DropdownPropertyChoice(value = ConsentTypes.EXPRESSION, label = "FEEL expression")
            },
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @TemplateProperty.Pattern(
                            value = "opt_in|opt_out|expression",
                            message = ConsentTypes.EXPECTED)))
        String consentType,
    @TemplateProperty(
            group = "subscription",
            label = "Consent type expression",
            description =
                "A FEEL expression that gives opt_in or opt_out, e.g. "
                    + "=if consentGiven then \"opt_in\" else \"opt_out\".",
            optional = true,
            condition =
                @PropertyCondition(property = "consentType", equals = ConsentTypes.EXPRESSION))
        String consentTypeExpression,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) LegalBasis basis)
    implements CheckedForm {

  @Override
  public void check() {
    FormChecks checks =
        new FormChecks()
            .connection(connection)
            .contact(contact)
            .subscriptionType(subscriptionType)
            .oneOf("consentType", consentType, ConsentTypes.CHOICES, ConsentTypes.EXPECTED)
            .answer(answer);
    if (ConsentTypes.EXPRESSION.equals(consentType) && expressionResult() == null) {
      checks.refuse(
          "consentTypeExpression",
          "expected the expression to give opt_in or opt_out, got '"
              + (consentTypeExpression == null ? "" : consentTypeExpression.trim())
              + "'");
    }
    LegalBasis.check(basis, checks).done();
  }

  /** The consent type to send: the dropdown's value, or the expression's result (checked). */
  public String effectiveConsentType() {
    return ConsentTypes.EXPRESSION.equals(consentType) ? expressionResult() : consentType;
  }

  private String expressionResult() {
    String value = consentTypeExpression == null ? "" : consentTypeExpression.trim();
    return value.equals(ConsentTypes.OPT_IN) || value.equals(ConsentTypes.OPT_OUT) ? value : null;
  }
}
