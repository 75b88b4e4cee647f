/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import java.util.Locale;

/**
 * The connector runtime's own settings (not a process's): a system property, or the environment
 * variable of the same name in upper case with dots as underscores ({@code
 * intercom.connector.region.eu.url} or {@code INTERCOM_CONNECTOR_REGION_EU_URL}). Every such
 * setting is read through this one lookup, so tests pass their own values.
 */
@FunctionalInterface
public interface RuntimeEnvironment {

  /** The value of a setting, or null when it is not set. */
  String get(String property);

  /** System properties first, then environment variables. */
  RuntimeEnvironment SYSTEM =
      property -> {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variableName(property));
      };

  /** The environment variable a property is also read from. */
  static String variableName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
