/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.camunda.connector.generator.java.annotation.NestedProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import java.util.ArrayList;
import java.util.List;

/** The form of the "Intercom: Get consent" task. */
public record GetConsentRequest(
    IntercomConnection connection,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ContactSelector contact,
    @TemplateProperty(
            group = "filter",
            label = "Only these subscription types",
            description =
                "Ids or names, e.g. =[\"Newsletters\", \"112\"] or Newsletters, Product updates."
                    + " Empty: every live subscription type of the workspace.")
        Object subscriptionTypes,
    @TemplateProperty(
            group = "filter",
            label = "Only this kind of message",
            description = "Only the subscription types that send this kind of message.",
            type = PropertyType.Dropdown,
            defaultValue = ContentTypes.ANY,
            choices = {
              @DropdownPropertyChoice(value = ContentTypes.ANY, label = "Any"),
              @DropdownPropertyChoice(value = ContentTypes.EMAIL, label = "Email"),
              @DropdownPropertyChoice(value = ContentTypes.SMS, label = "SMS")
            })
        String contentType)
    implements CheckedForm {

  @Override
  public void check() {
    new FormChecks()
        .connection(connection)
        .contact(contact)
        .oneOf(
            "contentType",
            contentTypeOrAny(),
            ContentTypes.CHOICES,
            "must be any, email or sms_message, got '" + contentType + "'")
        .done();
  }

  /** The content type chosen, {@link ContentTypes#ANY} when none is. */
  public String contentTypeOrAny() {
    return FormChecks.choice(contentType, ContentTypes.ANY);
  }

  /**
   * The subscription types the filter names, ids or names, each trimmed, empty entries left out:
   * from a FEEL list, or a comma-separated text. Empty: every live type.
   */
  public List<String> typesWanted() {
    List<String> entries = new ArrayList<>();
    if (subscriptionTypes instanceof List<?> list) {
      list.forEach(item -> entries.add(String.valueOf(item)));
    } else if (subscriptionTypes != null) {
      entries.addAll(List.of(String.valueOf(subscriptionTypes).split(",")));
    }
    return entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
  }
}
