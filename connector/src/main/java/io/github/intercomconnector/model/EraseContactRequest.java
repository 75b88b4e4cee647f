/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.camunda.connector.generator.java.annotation.NestedProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/** The form of the "Intercom: Erase contact" task. */
public record EraseContactRequest(
    IntercomConnection connection,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ContactSelector contact,
    @TemplateProperty(
            group = "erasure",
            label = "Erase by",
            description =
                "Delete permanently (DELETE /contacts/{id}): the contact and its conversations are"
                    + " removed, as GDPR Art. 17 asks. Archive (POST /contacts/{id}/archive): a"
                    + " soft delete that Intercom undoes when the person comes back; it is not an"
                    + " erasure.",
            type = PropertyType.Dropdown,
            defaultValue = EraseChoices.DELETE,
            choices = {
              @DropdownPropertyChoice(value = EraseChoices.DELETE, label = "Delete permanently"),
              @DropdownPropertyChoice(
                  value = EraseChoices.ARCHIVE,
                  label = "Archive (soft delete, restored when the person returns)")
            },
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @TemplateProperty.Pattern(
                            value = "delete|archive",
                            message = EraseChoices.EXPECTED)))
        String eraseBy,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) LegalBasis basis)
    implements CheckedForm {

  @Override
  public void check() {
    FormChecks checks = new FormChecks().connection(connection).contact(contact);
    if (eraseBy != null) {
      checks.oneOf("eraseBy", eraseBy.strip(), EraseChoices.CHOICES, EraseChoices.EXPECTED);
    }
    LegalBasis.check(basis, checks).done();
  }

  /** Whether the contact is archived rather than deleted; deleting is the default. */
  public boolean archives() {
    return eraseBy != null && eraseBy.strip().equals(EraseChoices.ARCHIVE);
  }
}
