/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Intercom's regional API hosts. A call to the United States host is routed by Intercom to the
 * workspace's region; calling the regional host pins where the request and its data are processed.
 */
public enum Region {
  UNITED_STATES("us", "https://api.intercom.io/"),
  EUROPE("eu", "https://api.eu.intercom.io/"),
  AUSTRALIA("au", "https://api.au.intercom.io/");

  private final String code;
  private final HttpUrl host;

  Region(String code, String host) {
    this.code = code;
    this.host = HttpUrl.get(host);
  }

  /** The short name used in forms and settings: us, eu or au. */
  public String code() {
    return code;
  }

  /** The base URL of Intercom's API in this region. */
  public HttpUrl host() {
    return host;
  }

  /** The region with this code (case and surrounding spaces ignored). */
  public static Optional<Region> byCode(String code) {
    String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
    for (Region region : values()) {
      if (region.code.equals(wanted)) {
        return Optional.of(region);
      }
    }
    return Optional.empty();
  }
}
