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

/**
 * The form of the "Intercom: Set email opt-out" task: a person's yes or no to email at all,
 * Intercom's global {@code unsubscribed_from_emails}. A yes clears the flag, a no sets it.
 */
public record SetEmailOptOutRequest(
    IntercomConnection connection,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ContactSelector contact,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) ConsentAnswer answer,
    @TemplateProperty(
            group = "consent",
            label = "The contact agrees to receive email",
            description =
                "The person's answer as a FEEL boolean, e.g. =not(noEmailAtAll): true or false,"
                    + " nothing else (no default: a task without an answer refuses to run). A"
                    + " no sets Intercom's global email opt-out (unsubscribed_from_emails), so"
                    + " that no email of any subscription type reaches the person; a yes clears"
                    + " it.",
            type = PropertyType.String,
            constraints = @PropertyConstraints(notEmpty = true))
        @JsonDeserialize(using = StrictBoolean.class)
        Boolean contactAgrees,
    @JsonUnwrapped @NestedProperties(addNestedPath = false) LegalBasis basis)
    implements CheckedForm {

  @Override
  public void check() {
    FormChecks checks = new FormChecks().connection(connection).contact(contact).answer(answer);
    if (contactAgrees == null) {
      checks.refuse("contactAgrees", "must be true or false (the person's answer), got nothing");
    }
    LegalBasis.check(basis, checks).done();
  }
}
