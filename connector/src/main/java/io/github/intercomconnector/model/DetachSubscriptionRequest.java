/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import io.camunda.connector.generator.dsl.Property.FeelMode;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The form of the "Intercom: Detach subscription" task. */
public record DetachSubscriptionRequest(
    @Valid @NotNull IntercomConnection connection,
    @TemplateProperty(
            group = "subscription",
            label = "Contact ID",
            description =
                "Intercom's id of the contact (user or lead), e.g. 63a07ddf05a32042dffac965.",
            feel = FeelMode.optional)
        @NotBlank(message = "must be the Intercom id of a contact")
        String contactId,
    @TemplateProperty(
            group = "subscription",
            label = "Subscription type ID",
            description = "Intercom's id of the subscription type to detach, e.g. 108.",
            feel = FeelMode.optional)
        @NotBlank(message = "must be the Intercom id of a subscription type")
        String subscriptionTypeId,
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
