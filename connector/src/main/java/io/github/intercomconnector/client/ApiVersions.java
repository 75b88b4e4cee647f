/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.util.List;
import java.util.regex.Pattern;

/** The values Intercom accepts in the {@code Intercom-Version} header. */
public final class ApiVersions {

  /** The newest stable version when this connector was released. */
  public static final String NEWEST_STABLE = "2.16";

  /** Every version Intercom documents; "Unstable" is the former name of "Preview". */
  public static final List<String> ACCEPTED =
      List.of(
          "1.0",
          "1.1",
          "1.2",
          "1.3",
          "1.4",
          "2.0",
          "2.1",
          "2.2",
          "2.3",
          "2.4",
          "2.5",
          "2.6",
          "2.7",
          "2.8",
          "2.9",
          "2.10",
          "2.11",
          "2.12",
          "2.13",
          "2.14",
          "2.15",
          "2.16",
          "Preview",
          "Unstable");

  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  private ApiVersions() {}

  /**
   * Whether a value can be sent as the header: versions Intercom releases after this connector are
   * allowed, anything that could break the header is not.
   */
  public static boolean isWellFormed(String version) {
    return version != null && WELL_FORMED.matcher(version).matches();
  }
}
