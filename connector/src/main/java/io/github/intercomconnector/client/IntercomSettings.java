/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Where and how to call one Intercom app: the base URL, the token (if any), the version header and
 * the timeouts. The static methods check each raw value and refuse it with an {@link
 * IntercomInputException} naming the field; the constructor enforces the same security rules, so no
 * caller can build settings that send a token in clear text or break a header.
 */
public final class IntercomSettings {

  /** Per-call timeouts. */
  public record Timeouts(Duration connect, Duration read, Duration call) {
    public static final Timeouts DEFAULT =
        new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  private final HttpUrl baseUrl;
  private final String accessToken;
  private final String intercomVersion;
  private final Timeouts timeouts;
  private final String appKey;
  private final Headers headers;
  private final List<String> tokenForms;
  private final double windowShare;

  public IntercomSettings(
      HttpUrl baseUrl, String accessToken, String intercomVersion, Timeouts timeouts) {
    this(baseUrl, accessToken, intercomVersion, timeouts, 1.0);
  }

  /**
   * With {@code windowShare}, the share of each rate-limit window the calls may spend (above 0, at
   * most 1): the rest is left to the app's other clients.
   */
  public IntercomSettings(
      HttpUrl baseUrl,
      String accessToken,
      String intercomVersion,
      Timeouts timeouts,
      double windowShare) {
    if (!(windowShare > 0 && windowShare <= 1)) {
      throw new IllegalArgumentException("the window share must be above 0 and at most 1");
    }
    this.windowShare = windowShare;
    if (!baseUrl.isHttps() && !isLoopback(baseUrl.host())) {
      throw new IllegalArgumentException("the base URL must be https unless it is loopback");
    }
    if (accessToken != null && !isHeaderSafe(accessToken)) {
      throw new IllegalArgumentException("the access token would break the Authorization header");
    }
    if (!ApiVersions.isWellFormed(intercomVersion)) {
      throw new IllegalArgumentException("the Intercom-Version would break its header");
    }
    this.baseUrl = baseUrl;
    this.accessToken = accessToken;
    this.intercomVersion = intercomVersion;
    this.timeouts = Objects.requireNonNull(timeouts);
    this.appKey = appKey(baseUrl, accessToken);
    Headers.Builder builder =
        new Headers.Builder()
            .add("Accept", "application/json")
            .add("Intercom-Version", intercomVersion)
            .add("User-Agent", IntercomClient.USER_AGENT);
    if (accessToken != null) {
      builder.add("Authorization", "Bearer " + accessToken);
    }
    this.headers = builder.build();
    this.tokenForms = Redaction.forms(accessToken);
  }

  /** The share of each rate-limit window these calls may spend. */
  double windowShare() {
    return windowShare;
  }

  /**
   * The forms in which Intercom could echo the token, to scrub them from answers; made once with
   * the settings, so that an answer is checked without encoding the token again.
   */
  List<String> tokenForms() {
    return tokenForms;
  }

  /**
   * The headers every request with these settings carries, built once with the settings: a request
   * takes them whole instead of adding and checking each again.
   */
  Headers headers() {
    return headers;
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** The bearer token, or null behind a gateway that adds the credentials itself. */
  public String accessToken() {
    return accessToken;
  }

  public String intercomVersion() {
    return intercomVersion;
  }

  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * Names the Intercom app these settings reach, for its rate-limit view: the base URL plus a
   * fingerprint of the token (the first 8 bytes of its SHA-256), never the token itself.
   */
  public String appKey() {
    return appKey;
  }

  /**
   * A base URL of a gateway, proxy or stand-in: https, or plain http on a loopback address only (a
   * token never travels in clear text); no user info, query or fragment. A trailing slash is
   * dropped so that request paths follow the base path.
   */
  public static HttpUrl baseUrl(String raw, String field) {
    String value = blankToNull(raw);
    if (value == null) {
      throw new IntercomInputException(
          field, "expected the https URL of a gateway or proxy, got nothing");
    }
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      throw new IntercomInputException(
          field,
          "expected an absolute http(s) URL such as https://gateway.example.com, got '"
              + value
              + "'");
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IntercomInputException(
          field,
          "expected a URL without user name or password; put the token in the access token field");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IntercomInputException(
          field, "expected a URL without query or fragment, got '" + url.redact() + "'");
    }
    if (!url.isHttps() && !isLoopback(url.host())) {
      throw new IntercomInputException(
          field,
          "expected an https URL (plain http is allowed only for loopback addresses such as"
              + " localhost or 127.0.0.1, so that a token never travels in clear text), got '"
              + url.redact()
              + "'");
    }
    return withoutTrailingSlash(url);
  }

  /** Drops a trailing slash, so that request paths follow the base path. */
  private static HttpUrl withoutTrailingSlash(HttpUrl url) {
    int last = url.pathSize() - 1;
    return url.pathSegments().get(last).isEmpty()
        ? url.newBuilder().removePathSegment(last).build()
        : url;
  }

  /** A bearer token, or null when blank; refused when it would break the header. */
  public static String accessToken(String raw, String field) {
    String token = blankToNull(raw);
    if (token != null && !isHeaderSafe(token)) {
      throw new IntercomInputException(
          field, "expected a token without spaces or control characters");
    }
    return token;
  }

  /** An Intercom-Version value, refused when it could not be a version. */
  public static String intercomVersion(String raw, String field) {
    String version = blankToNull(raw);
    if (version == null) {
      throw new IntercomInputException(
          field, "expected an Intercom-Version such as 2.17, got nothing");
    }
    if (!ApiVersions.isWellFormed(version)) {
      throw new IntercomInputException(
          field,
          "expected an Intercom-Version such as 2.16 or Preview (letters, digits, '.', '-', '_'),"
              + " got '"
              + version
              + "'");
    }
    return version;
  }

  /** Whether a host is a loopback address: localhost or a literal address; never resolved. */
  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (host.matches("[0-9.]+") || host.contains(":")) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  static boolean isHeaderSafe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String appKey(HttpUrl baseUrl, String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((token == null ? "" : token).getBytes(StandardCharsets.UTF_8));
      return baseUrl + "#" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
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
