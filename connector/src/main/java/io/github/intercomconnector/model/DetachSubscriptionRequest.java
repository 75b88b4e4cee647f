/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.camunda.connector.generator.java.annotation.NestedProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/** The form of the "Intercom: Detach subscription" task. */
public record DetachSubscriptionRequest(
    IntercomConnection connection,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ContactSelector contact,
    @JsonUnwrapped @NestedProperties(addNestedPath = false)
        SubscriptionTypeSelector subscriptionType,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ConsentAnswer answer,
    @TemplateProperty(
            group = "subscription",
            label = "Already detached counts as success",
            description =
                "When the contact exists but does not have this subscription attached, complete "
                    + "the task with {\"already_detached\": true} instead of failing. A contact "
                    + "that does not exist still fails with INTERCOM_NOT_FOUND.",
            type = PropertyType.Boolean,
            defaultValue = "false",
            defaultValueType = TemplateProperty.DefaultValueType.Boolean,
            optional = true)
        Boolean alreadyDetachedCountsAsSuccess,
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
    LegalBasis.check(basis, checks).done();
  }

  public boolean alreadyDetachedIsSuccess() {
    return Boolean.TRUE.equals(alreadyDetachedCountsAsSuccess);
  }
}
