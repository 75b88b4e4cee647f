/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.NestedPropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import io.github.intercomconnector.lookup.ContactQuery;
import java.time.Duration;

/**
 * The "Contact" part of a form, shared by every task that works on a contact: find it by Intercom's
 * id (the default, the {@code contactId} binding of template version 1), by email, or by the user's
 * id in the process owner's own system (Intercom's {@code external_id}). Its fields sit at the top
 * level of the task's variables.
 */
public record ContactSelector(
    @TemplateProperty(
            group = "contact",
            label = "Find the contact by",
            description =
                "How the process knows the person: Intercom's contact id, an email address, or"
                    + " its own user id (Intercom's external_id).",
            type = PropertyType.Dropdown,
            defaultValue = ContactChoices.BY_ID,
            choices = {
              @DropdownPropertyChoice(value = ContactChoices.BY_ID, label = "Intercom contact ID"),
              @DropdownPropertyChoice(value = ContactChoices.BY_EMAIL, label = "Email"),
              @DropdownPropertyChoice(
                  value = ContactChoices.BY_EXTERNAL_ID,
                  label = "External ID (the user's id in your own system)")
            })
        String contactBy,
    @TemplateProperty(
            group = "contact",
            label = "Contact ID",
            description =
                "Intercom's id of the contact (user or lead), e.g. 63a07ddf05a32042dffac965.",
            constraints = @PropertyConstraints(notEmpty = true),
            // "by id, or not chosen": a diagram of template version 1 has no contactBy, and the
            // Modeler's update keeps its contact id only while this field stays active.
            condition =
                @PropertyCondition(
                    property = "",
                    allMatch = {
                      @NestedPropertyCondition(property = "contactEmail", isActive = false),
                      @NestedPropertyCondition(property = "contactExternalId", isActive = false)
                    }))
        String contactId,
    @TemplateProperty(
            group = "contact",
            label = "Email",
            description = "The contact's email address, e.g. =customer.email.",
            constraints = @PropertyConstraints(notEmpty = true),
            condition =
                @PropertyCondition(property = "contactBy", equals = ContactChoices.BY_EMAIL))
        String contactEmail,
    @TemplateProperty(
            group = "contact",
            label = "External ID",
            description =
                "The user's id in your own system, as given to Intercom as external_id, e.g."
                    + " =customer.id.",
            constraints = @PropertyConstraints(notEmpty = true),
            condition =
                @PropertyCondition(property = "contactBy", equals = ContactChoices.BY_EXTERNAL_ID))
        String contactExternalId,
    @TemplateProperty(
            group = "contact",
            label = "Contact role",
            description =
                "Which contacts may match: users (signed-up people with an account), leads"
                    + " (visitors who left an email), or both.",
            type = PropertyType.Dropdown,
            defaultValue = ContactChoices.ANY_ROLE,
            choices = {
              @DropdownPropertyChoice(value = ContactChoices.ANY_ROLE, label = "Any"),
              @DropdownPropertyChoice(value = "user", label = "Users only"),
              @DropdownPropertyChoice(value = "lead", label = "Leads only")
            },
            condition =
                @PropertyCondition(
                    property = "contactBy",
                    oneOf = {ContactChoices.BY_EMAIL, ContactChoices.BY_EXTERNAL_ID}))
        String contactRole,
    @TemplateProperty(
            group = "contact",
            label = "When several contacts match",
            description =
                "One person often has a lead and a user with the same email. Fail (the error"
                    + " lists the matching ids), or apply to every matching contact, as a"
                    + " withdrawal of consent must.",
            type = PropertyType.Dropdown,
            defaultValue = ContactChoices.SEVERAL_FAIL,
            choices = {
              @DropdownPropertyChoice(value = ContactChoices.SEVERAL_FAIL, label = "Fail"),
              @DropdownPropertyChoice(
                  value = ContactChoices.SEVERAL_ALL,
                  label = "Apply to every matching contact")
            },
            condition =
                @PropertyCondition(
                    property = "contactBy",
                    oneOf = {ContactChoices.BY_EMAIL, ContactChoices.BY_EXTERNAL_ID}))
        String whenSeveralContactsMatch,
    @TemplateProperty(
            group = "contact",
            label = "Wait for a new contact (seconds)",
            description =
                "Intercom's search can miss a contact created moments before. For this long the"
                    + " task keeps looking, handing the job back to the engine between looks;"
                    + " then it fails with INTERCOM_CONTACT_NOT_FOUND. 0 fails at once.",
            type = PropertyType.Number,
            defaultValue = "300",
            defaultValueType = TemplateProperty.DefaultValueType.Number,
            optional = true,
            condition =
                @PropertyCondition(
                    property = "contactBy",
                    oneOf = {ContactChoices.BY_EMAIL, ContactChoices.BY_EXTERNAL_ID}))
        Integer contactSearchWaitSeconds) {

  /**
   * The query these fields make, checked before any call.
   *
   * @throws io.github.intercomconnector.client.IntercomInputException naming every refused field
   */
  public ContactQuery query() {
    return FormChecks.checked(this::query);
  }

  /** The query these fields make, each field refused to {@code checks} that none can be made of. */
  ContactQuery query(FormChecks checks) {
    String by = FormChecks.choice(contactBy, ContactChoices.BY_ID);
    ContactQuery.By way =
        switch (by) {
          case ContactChoices.BY_ID -> ContactQuery.By.ID;
          case ContactChoices.BY_EMAIL -> ContactQuery.By.EMAIL;
          case ContactChoices.BY_EXTERNAL_ID -> ContactQuery.By.EXTERNAL_ID;
          default -> null;
        };
    String field = null;
    String value = null;
    if (way == null) {
      checks.refuse("contactBy", "must be id, email or external_id, got '" + by + "'");
    } else {
      String given;
      String expected;
      switch (way) {
        case ID -> {
          field = "contactId";
          given = contactId;
          expected = "must be the Intercom id of a contact";
        }
        case EMAIL -> {
          field = "contactEmail";
          given = contactEmail;
          expected = "must be the contact's email address";
        }
        default -> {
          field = "contactExternalId";
          given = contactExternalId;
          expected = "must be the user's id in your own system (Intercom's external_id)";
        }
      }
      value = checks.cleaned(field, given, expected);
      if (way == ContactQuery.By.EMAIL && value != null && !value.contains("@")) {
        checks.refuse(field, expected + ", got a value without '@'");
      }
    }
    String role = FormChecks.choice(contactRole, ContactChoices.ANY_ROLE);
    ContactQuery.Role matching =
        switch (role) {
          case ContactChoices.ANY_ROLE -> ContactQuery.Role.ANY;
          case "user" -> ContactQuery.Role.USER;
          case "lead" -> ContactQuery.Role.LEAD;
          default -> null;
        };
    if (matching == null) {
      checks.refuse("contactRole", "must be any, user or lead, got '" + role + "'");
    }
    String several = FormChecks.choice(whenSeveralContactsMatch, ContactChoices.SEVERAL_FAIL);
    if (!several.equals(ContactChoices.SEVERAL_FAIL)
        && !several.equals(ContactChoices.SEVERAL_ALL)) {
      checks.refuse("whenSeveralContactsMatch", "must be fail or all, got '" + several + "'");
    }
    checks.seconds("contactSearchWaitSeconds", contactSearchWaitSeconds, 0, 3600);
    return new ContactQuery(
        way,
        value,
        field,
        matching,
        several.equals(ContactChoices.SEVERAL_ALL),
        Duration.ofSeconds(
            contactSearchWaitSeconds == null
                ? ContactChoices.DEFAULT_SEARCH_WAIT_SECONDS
                : contactSearchWaitSeconds));
  }
}
