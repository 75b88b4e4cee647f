/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.client.IntercomInputException;
import java.util.Locale;

/** A form's values as the steps use them: choices with their defaults, values as they are sent. */
final class FormValues {

  private FormValues() {}

  /**
   * A value from the form as it will be sent: without surrounding whitespace, and refused when
   * nothing is left or when it holds a control character (a line break, U+0000), which no id, email
   * or name of Intercom's holds. Validation looks at this form, never at the raw one.
   */
  static String cleaned(String field, String value, String expectation) {
    String sent = value == null ? "" : value.strip();
    if (sent.isEmpty()) {
      throw new IntercomInputException(field, expectation + ", got nothing");
    }
    if (hasControlCharacter(sent)) {
      throw new IntercomInputException(
          field, expectation + ", got a value with a control character");
    }
    return sent;
  }

  private static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** A choice as given, in lower case, or {@code fallback} when the form left it blank. */
  static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim().toLowerCase(Locale.ROOT);
  }
}
