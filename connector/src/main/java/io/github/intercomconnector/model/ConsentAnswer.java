/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What a record of consent needs beside what Intercom was told: what the person was shown, where,
 * and when they answered. All optional; the evidence keeps them as given (the time normalised to
 * UTC), next to when Intercom was written.
 */
public record ConsentAnswer(
    @TemplateProperty(
            group = "evidence",
            label = "Wording shown",
            description =
                "What the person was shown when they answered: the text, or the id of a version"
                    + " of your wording, e.g. =consentTextVersion. Kept in the evidence.",
            optional = true,
            constraints =
                @PropertyConstraints(minLength = 0, maxLength = FormChecks.MAX_ANSWER_TEXT))
        String consentWording,
    @TemplateProperty(
            group = "evidence",
            label = "Where they answered",
            description =
                "The form, channel or URL where the person answered, e.g. signup-form or"
                    + " https://example.com/preferences. Kept in the evidence.",
            optional = true,
            constraints =
                @PropertyConstraints(minLength = 0, maxLength = FormChecks.MAX_ANSWER_TEXT))
        String consentSource,
    @TemplateProperty(
            group = "evidence",
            label = "When they answered",
            description =
                "A date and time with its offset (ISO 8601), e.g. =answeredAt or"
                    + " 2026-12-06T10:15:00Z. Kept in the evidence beside when Intercom was"
                    + " written.",
            optional = true)
        String consentAnsweredAt) {
  // No constants here: the template generator takes a record's static fields for form fields.

  /**
   * When the person answered, in UTC ({@code 2026-12-06T09:15:00Z}), or null when not given.
   *
   * @throws DateTimeParseException when it is no date and time with its offset ({@link
   *     FormChecks#answer} refuses it first)
   */
  public String answeredAtUtc() {
    if (consentAnsweredAt == null || consentAnsweredAt.isBlank()) {
      return null;
    }
    return DateTimeFormatter.ISO_INSTANT.format(
        ZonedDateTime.parse(consentAnsweredAt.strip()).toInstant());
  }
}
