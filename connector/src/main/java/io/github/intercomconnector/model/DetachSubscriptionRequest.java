/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.camunda.connector.generator.java.annotation.NestedProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The form of the "Intercom: Detach subscription" task. */
public record DetachSubscriptionRequest(
    @Valid @NotNull IntercomConnection connection,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) @Valid ContactSelector contact,
    @JsonUnwrapped @NestedProperties(addNestedPath = false)
        SubscriptionTypeSelector subscriptionType,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) @Valid ConsentAnswer answer,
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
        Boolean alreadyDetachedCountsAsSuccess) {

  public boolean alreadyDetachedIsSuccess() {
    return Boolean.TRUE.equals(alreadyDetachedCountsAsSuccess);
  }
}
