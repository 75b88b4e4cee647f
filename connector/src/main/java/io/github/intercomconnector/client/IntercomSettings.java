/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import io.camunda.connector.api.error.ConnectorInputException;
import io.github.intercomconnector.model.IntercomConnection;
import io.github.intercomconnector.model.IntercomVersions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * A validated {@link IntercomConnection}: the base URL to call, the token (if any), the version
 * header and the timeouts. Every bad value is refused with a {@link ConnectorInputException} that
 * names the field, so a task with a bad form fails at once instead of being retried.
 */
public record IntercomSettings(
    HttpUrl baseUrl, String accessToken, String intercomVersion, Timeouts timeouts) {

  public static final HttpUrl UNITED_STATES = HttpUrl.get("https://api.intercom.io/");
  public static final HttpUrl EUROPE = HttpUrl.get("https://api.eu.intercom.io/");
  public static final HttpUrl AUSTRALIA = HttpUrl.get("https://api.au.intercom.io/");

  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  /** Per-call timeouts. */
  public record Timeouts(Duration connect, Duration read, Duration call) {
    public static final Timeouts DEFAULT =
        new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  public static IntercomSettings from(IntercomConnection connection) {
    if (connection == null) {
      throw new ConnectorInputException(
          "connection: expected the Intercom connection settings (access token, region), got none");
    }
    String token = blankToNull(connection.accessToken());
    String region =
        connection.region() == null ? "us" : connection.region().trim().toLowerCase(Locale.ROOT);
    HttpUrl baseUrl =
        switch (region) {
          case "us", "" -> regionUrl("us", UNITED_STATES);
          case "eu" -> regionUrl("eu", EUROPE);
          case "au" -> regionUrl("au", AUSTRALIA);
          case "custom" -> customBaseUrl(connection.baseUrl(), "connection.baseUrl");
          default ->
              throw new ConnectorInputException(
                  "connection.region: expected one of us, eu, au, custom, got '"
                      + connection.region()
                      + "'");
        };
    if (token == null && !"custom".equals(region)) {
      throw new ConnectorInputException(
          "connection.accessToken: expected an Intercom access token (e.g. "
              + "{{secrets.INTERCOM_ACCESS_TOKEN}}); it may be empty only with region 'custom', "
              + "when a gateway adds the credentials");
    }
    if (token != null && !isHeaderSafe(token)) {
      throw new ConnectorInputException(
          "connection.accessToken: expected a token without spaces or control characters");
    }
    return new IntercomSettings(baseUrl, token, version(connection), timeouts(connection));
  }

  private static String version(IntercomConnection connection) {
    String chosen = blankToNull(connection.intercomVersion());
    if (chosen == null) {
      return IntercomVersions.DEFAULT;
    }
    String field = "connection.intercomVersion";
    if (IntercomVersions.OTHER.equalsIgnoreCase(chosen)) {
      chosen = blankToNull(connection.otherIntercomVersion());
      field = "connection.otherIntercomVersion";
      if (chosen == null) {
        throw new ConnectorInputException(
            field + ": expected an Intercom-Version such as 2.17, got nothing");
      }
    }
    if (!VERSION.matcher(chosen).matches()) {
      throw new ConnectorInputException(
          field
              + ": expected an Intercom-Version such as 2.16 or Preview (letters, digits, '.', '-', "
              + "'_'), got '"
              + chosen
              + "'");
    }
    return chosen;
  }

  private static Timeouts timeouts(IntercomConnection c) {
    Timeouts d = Timeouts.DEFAULT;
    return new Timeouts(
        seconds(c.connectTimeoutSeconds(), d.connect()),
        seconds(c.readTimeoutSeconds(), d.read()),
        seconds(c.callTimeoutSeconds(), d.call()));
  }

  private static Duration seconds(Integer value, Duration fallback) {
    return value == null ? fallback : Duration.ofSeconds(value);
  }

  /**
   * The host of a region, unless the runtime's operator routes the region elsewhere (an egress
   * proxy, or a stand-in for tests) with the system property {@code
   * intercom.connector.region.<us|eu|au>.url} or the environment variable {@code
   * INTERCOM_CONNECTOR_REGION_<US|EU|AU>_URL}. Processes cannot change this; the same https rule as
   * for custom base URLs applies.
   */
  private static HttpUrl regionUrl(String region, HttpUrl intercomHost) {
    String property = "intercom.connector.region." + region + ".url";
    String variable = "INTERCOM_CONNECTOR_REGION_" + region.toUpperCase(Locale.ROOT) + "_URL";
    String override = System.getProperty(property, System.getenv(variable));
    return override == null || override.isBlank()
        ? intercomHost
        : customBaseUrl(override, property + " / " + variable);
  }

  private static HttpUrl customBaseUrl(String raw, String field) {
    String value = blankToNull(raw);
    if (value == null) {
      throw new ConnectorInputException(
          field
              + ": expected the https URL of a gateway or proxy for region 'custom', got nothing");
    }
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      throw new ConnectorInputException(
          field
              + ": expected an absolute http(s) URL such as https://gateway.example.com, got '"
              + value
              + "'");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new ConnectorInputException(
          field
              + ": expected a URL without user name or password; put the token in the access "
              + "token field");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new ConnectorInputException(
          field + ": expected a URL without query or fragment, got '" + url.redact() + "'");
    }
    if (!url.isHttps() && !isLoopback(url.host())) {
      throw new ConnectorInputException(
          field
              + ": expected an https URL (plain http is allowed only for loopback addresses such as "
              + "localhost or 127.0.0.1, so that a token never travels in clear text), got '"
              + url.redact()
              + "'");
    }
    // Drop a trailing empty segment so that the connector's own segments follow the base path.
    HttpUrl.Builder builder = url.newBuilder();
    int last = url.pathSize() - 1;
    if (last >= 0 && url.pathSegments().get(last).isEmpty()) {
      builder.removePathSegment(last);
    }
    return builder.build();
  }

  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses: a host name is never resolved here.
    if (host.matches("[0-9.]+") || host.contains(":")) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static boolean isHeaderSafe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "IntercomSettings[baseUrl="
        + baseUrl
        + ", accessToken="
        + (accessToken == null ? "<none>" : "[REDACTED]")
        + ", intercomVersion="
        + intercomVersion
        + ", timeouts="
        + timeouts
        + "]";
  }
}
