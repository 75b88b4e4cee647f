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
import io.github.intercomconnector.lookup.TypeQuery;

/**
 * The "Subscription type" part of a form: by Intercom's id (the default, the {@code
 * subscriptionTypeId} binding of template version 1) or by its name. Its fields sit at the top
 * level of the task's variables.
 */
public record SubscriptionTypeSelector(
    @TemplateProperty(
            group = "subscription",
            label = "Find the subscription type by",
            description = "Intercom's id of the subscription type, or its name.",
            type = PropertyType.Dropdown,
            defaultValue = SubscriptionTypeChoices.BY_ID,
            choices = {
              @DropdownPropertyChoice(value = SubscriptionTypeChoices.BY_ID, label = "ID"),
              @DropdownPropertyChoice(value = SubscriptionTypeChoices.BY_NAME, label = "Name")
            })
        String subscriptionTypeBy,
    @TemplateProperty(
            group = "subscription",
            label = "Subscription type ID",
            description =
                "Intercom's id of the subscription type, e.g. 108 (a number or a string).",
            constraints = @PropertyConstraints(notEmpty = true),
            // "by id, or not chosen", so that the Modeler's update of a template version 1 diagram
            // keeps its subscription type id.
            condition = @PropertyCondition(property = "subscriptionTypeName", isActive = false))
        String subscriptionTypeId,
    @TemplateProperty(
            group = "subscription",
            label = "Subscription type name",
            description =
                "As it reads in Intercom, in any of its translations, e.g. Newsletters (case and"
                    + " surrounding spaces do not matter). Only a live type matches.",
            constraints = @PropertyConstraints(notEmpty = true),
            condition =
                @PropertyCondition(
                    property = "subscriptionTypeBy",
                    equals = SubscriptionTypeChoices.BY_NAME))
        String subscriptionTypeName) {

  /**
   * The query these fields make, checked before any call.
   *
   * @throws io.github.intercomconnector.client.IntercomInputException naming every refused field
   */
  public TypeQuery query() {
    return FormChecks.checked(this::query);
  }

  /** The query these fields make, each field refused to {@code checks} that none can be made of. */
  TypeQuery query(FormChecks checks) {
    String by = FormChecks.choice(subscriptionTypeBy, SubscriptionTypeChoices.BY_ID);
    if (by.equals(SubscriptionTypeChoices.BY_NAME)) {
      return new TypeQuery(
          true,
          checks.cleaned(
              "subscriptionTypeName",
              subscriptionTypeName,
              "must be the name of a subscription type"));
    }
    if (!by.equals(SubscriptionTypeChoices.BY_ID)) {
      checks.refuse("subscriptionTypeBy", "must be id or name, got '" + by + "'");
      return null;
    }
    return new TypeQuery(
        false,
        checks.cleaned(
            "subscriptionTypeId",
            subscriptionTypeId,
            "must be the Intercom id of a subscription type"));
  }
}
