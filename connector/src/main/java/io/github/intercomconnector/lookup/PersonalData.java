/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

/**
 * Keeps personal data out of what operators read and keep (incident messages, logs): an email
 * address shows its first character and its domain only, {@code a***@example.com}. The full value
 * stays in the process variables, where the process put it.
 */
public final class PersonalData {

  private PersonalData() {}

  /** The value with any email address masked; other values unchanged. */
  public static String mask(String value) {
    if (value == null) {
      return null;
    }
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return value;
    }
    String first = at == 0 ? "" : value.substring(0, 1);
    return first + "***" + value.substring(at);
  }
}
