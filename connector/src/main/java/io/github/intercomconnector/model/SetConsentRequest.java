/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.camunda.connector.generator.java.annotation.NestedProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/** The form of the "Intercom: Set consent" task. */
public record SetConsentRequest(
    IntercomConnection connection,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ContactSelector contact,
    @JsonUnwrapped @NestedProperties(addNestedPath = false)
        SubscriptionTypeSelector subscriptionType,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ConsentAnswer answer,
    @TemplateProperty(
            group = "consent",
            label = "The contact agrees to receive these messages",
            description =
                "The person's answer as a FEEL boolean, e.g. =consentGiven from a consent form:"
                    + " true or false, nothing else (no default: a task without an answer"
                    + " refuses to run). The connector turns it into what the subscription type's"
                    + " consent model needs.",
            type = PropertyType.String,
            constraints = @PropertyConstraints(notEmpty = true))
        @JsonDeserialize(using = StrictBoolean.class)
        Boolean contactAgrees,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) LegalBasis basis)
    implements CheckedForm {

  @Override
  public void check() {
    FormChecks checks =
        new FormChecks()
            .connection(connection)
            .contact(contact)
            .subscriptionType(subscriptionType)
            .answer(answer);
    if (contactAgrees == null) {
      checks.refuse("contactAgrees", "must be true or false (the person's answer), got nothing");
    }
    LegalBasis.check(basis, checks).done();
  }
}
