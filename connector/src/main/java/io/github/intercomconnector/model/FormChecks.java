/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import io.github.intercomconnector.client.IntercomInputException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks a form makes of its own fields, in the form's order: each refusal is the field as the
 * template binds it and what was expected, and all of them are given at once.
 *
 * <p>The forms check themselves instead of carrying Jakarta constraints for the runtime's
 * validator: that validator costs more per call than everything else the connector does on its own
 * (see docs/performance.md), and its refusals would need rewording. Where the template can say a
 * limit to the Modeler ({@code notEmpty}, {@code pattern}, {@code maxLength}), the form's {@code
 * TemplateProperty} says it too.
 */
public final class FormChecks {

  /**
   * The longest wording or source of a {@link ConsentAnswer} kept. It lives here, not in the form:
   * the template generator takes a form record's constants for fields.
   */
  public static final int MAX_ANSWER_TEXT = 4000;

  private List<String> refused = List.of();

  /** Refuses a missing value. */
  public FormChecks given(String field, Object value) {
    if (value == null) {
      refuse(field, "must be given");
    }
    return this;
  }

  /** Refuses a number of seconds outside {@code min} to {@code max}; none given is allowed. */
  public FormChecks seconds(String field, Integer value, int min, int max) {
    if (value == null) {
      return this;
    }
    if (value < min) {
      refuse(
          field,
          min == 0
              ? "must be 0 or more seconds"
              : "must be at least " + min + (min == 1 ? " second" : " seconds"));
    } else if (value > max) {
      refuse(field, "must be at most " + max + " seconds");
    }
    return this;
  }

  /** Refuses a text longer than {@code max} characters; none given is allowed. */
  public FormChecks atMost(String field, String value, int max) {
    if (value != null && value.length() > max) {
      refuse(field, "must be at most " + max + " characters");
    }
    return this;
  }

  /** Refuses a value that is none of {@code choices}, saying what is expected. */
  public FormChecks oneOf(String field, String value, List<String> choices, String expected) {
    if (value == null || !choices.contains(value)) {
      refuse(field, expected);
    }
    return this;
  }

  /**
   * Refuses the connection's timeouts out of range (a missing connection is the form's refusal).
   */
  public FormChecks connection(IntercomConnection connection) {
    given("connection", connection);
    if (connection != null) {
      seconds("connection.connectTimeoutSeconds", connection.connectTimeoutSeconds(), 1, 300);
      seconds("connection.readTimeoutSeconds", connection.readTimeoutSeconds(), 1, 300);
      seconds("connection.callTimeoutSeconds", connection.callTimeoutSeconds(), 1, 600);
    }
    return this;
  }

  /**
   * Refuses contact fields no query can be made of: a choice that is none of the dropdown's, the
   * chosen field blank or with a control character, an email without '@', a search wait out of
   * range.
   */
  public FormChecks contact(ContactSelector contact) {
    if (contact != null) {
      contact.query(this);
    }
    return this;
  }

  /** Refuses a way to name the subscription type that is none of the dropdown's, or its value. */
  public FormChecks subscriptionType(SubscriptionTypeSelector type) {
    if (type != null) {
      type.query(this);
    }
    return this;
  }

  /**
   * A value from the form as it will be sent: without surrounding whitespace. Refused, and null,
   * when nothing is left or when it holds a control character (a line break, U+0000), which no id,
   * email or name of Intercom's holds: the check looks at what is sent, never at the raw value.
   */
  public String cleaned(String field, String value, String expected) {
    String sent = value == null ? "" : value.strip();
    if (sent.isEmpty()) {
      refuse(field, expected + ", got nothing");
      return null;
    }
    for (int i = 0; i < sent.length(); i++) {
      if (Character.isISOControl(sent.charAt(i))) {
        refuse(field, expected + ", got a value with a control character");
        return null;
      }
    }
    return sent;
  }

  /** A dropdown's value as given, trimmed and in lower case, or {@code fallback} when blank. */
  public static String choice(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Refuses a wording or a source too long to keep in the evidence, and a time of answer that is no
   * date and time with its offset.
   */
  public FormChecks answer(ConsentAnswer answer) {
    if (answer != null) {
      atMost("consentWording", answer.consentWording(), MAX_ANSWER_TEXT);
      atMost("consentSource", answer.consentSource(), MAX_ANSWER_TEXT);
      try {
        answer.answeredAtUtc();
      } catch (DateTimeParseException e) {
        refuse(
            "consentAnsweredAt",
            "must be a date and time with its offset (ISO 8601, e.g. 2026-12-06T10:15:00Z), got '"
                + IntercomInputException.cut(answer.consentAnsweredAt())
                + "'");
      }
    }
    return this;
  }

  /**
   * What {@code make} makes of a form's fields, once they have passed its checks.
   *
   * @throws IntercomInputException naming every field {@code make} refused
   */
  public static <T> T checked(java.util.function.Function<FormChecks, T> make) {
    FormChecks checks = new FormChecks();
    T made = make.apply(checks);
    checks.done();
    return made;
  }

  /**
   * Ends the checks.
   *
   * @throws IntercomInputException naming every refused field, joined by "; ", if any was refused
   */
  public void done() {
    if (!refused.isEmpty()) {
      throw new IntercomInputException(refused);
    }
  }

  /** Refuses a field, saying what was expected. */
  public void refuse(String field, String expected) {
    if (refused.isEmpty()) {
      refused = new ArrayList<>(2);
    }
    refused.add(field + ": " + expected);
  }
}
