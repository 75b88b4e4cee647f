/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.client.Region;
import io.github.intercomconnector.model.IntercomConnection;
import io.github.intercomconnector.model.IntercomVersions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the form's connection fields into {@link IntercomSettings}. Every bad value is refused with
 * an {@link IntercomInputException} naming the field, so a task with a bad form fails at once.
 *
 * <p>The runtime's operator may route a region to another base URL (an egress proxy, or a stand-in
 * for tests) with the setting {@code intercom.connector.region.<us|eu|au>.url}; processes cannot
 * change it, and the same https rule as for custom base URLs applies. It is read when a connection
 * is first seen, so a change takes effect when the runtime restarts.
 *
 * <p>A runtime serves few connections, each for many jobs: the settings of the last {@value
 * #REMEMBERED} connections are kept, so that a job does not parse the URL, check it and fingerprint
 * the token again. Only settings that passed every check are kept.
 */
public final class ConnectionSettings {

  static final String CUSTOM = "custom";

  /** How many connections' settings are kept, the least recently used dropped first. */
  static final int REMEMBERED = 64;

  private final double windowShare;
  private final RuntimeEnvironment environment;

  private final Map<IntercomConnection, IntercomSettings> remembered =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<IntercomConnection, IntercomSettings> e) {
          return size() > REMEMBERED;
        }
      };

  public ConnectionSettings(RuntimeEnvironment environment) {
    this(environment, 1.0);
  }

  /** With {@code windowShare}, the share of each rate-limit window this runtime may spend. */
  ConnectionSettings(RuntimeEnvironment environment, double windowShare) {
    this.environment = environment;
    this.windowShare = windowShare;
  }

  /**
   * The settings of a form's connection, checked (the token, the region or base URL, the version).
   * A missing connection is the form's refusal ({@code FormChecks.connection}), made before this.
   */
  public IntercomSettings from(IntercomConnection connection) {
    Objects.requireNonNull(connection, "the form's check refuses a missing connection");
    synchronized (remembered) {
      IntercomSettings known = remembered.get(connection);
      if (known != null) {
        return known;
      }
    }
    IntercomSettings settings = check(connection);
    synchronized (remembered) {
      remembered.put(connection, settings);
    }
    return settings;
  }

  /** How many connections' settings are kept now. */
  int remembered() {
    synchronized (remembered) {
      return remembered.size();
    }
  }

  private IntercomSettings check(IntercomConnection connection) {
    String token = IntercomSettings.accessToken(connection.accessToken(), "connection.accessToken");
    String region = connection.region() == null ? "" : connection.region().trim();
    boolean custom = CUSTOM.equalsIgnoreCase(region);
    if (token == null && !custom) {
      throw new IntercomInputException(
          "connection.accessToken",
          "expected an Intercom access token (e.g. {{secrets.INTERCOM_ACCESS_TOKEN}}); it may be"
              + " empty only with region 'custom', when a gateway adds the credentials");
    }
    return new IntercomSettings(
        custom
            ? IntercomSettings.baseUrl(connection.baseUrl(), "connection.baseUrl")
            : regionUrl(region),
        token,
        version(connection),
        timeouts(connection),
        windowShare);
  }

  private okhttp3.HttpUrl regionUrl(String code) {
    Region region =
        code.isEmpty()
            ? Region.UNITED_STATES
            : Region.byCode(code)
                .orElseThrow(() ->
                    new IntercomInputException(
                        "connection.region",
                        "expected one of us, eu, au, custom, got '" + code + "'"));
    String property = "intercom.connector.region." + region.code() + ".url";
    String routed = environment.get(property);
    return routed == null || routed.isBlank()
        ? region.host()
        : IntercomSettings.baseUrl(
            routed, property + " / " + RuntimeEnvironment.variableName(property));
  }

  private static String version(IntercomConnection connection) {
    String chosen = connection.intercomVersion();
    if (chosen == null || chosen.isBlank()) {
      return IntercomVersions.DEFAULT;
    }
    if (IntercomVersions.OTHER.equalsIgnoreCase(chosen.trim())) {
      return IntercomSettings.intercomVersion(
          connection.otherIntercomVersion(), "connection.otherIntercomVersion");
    }
    return IntercomSettings.intercomVersion(chosen, "connection.intercomVersion");
  }

  private static IntercomSettings.Timeouts timeouts(IntercomConnection c) {
    IntercomSettings.Timeouts d = IntercomSettings.Timeouts.DEFAULT;
    return new IntercomSettings.Timeouts(
        seconds(c.connectTimeoutSeconds(), d.connect()),
        seconds(c.readTimeoutSeconds(), d.read()),
        seconds(c.callTimeoutSeconds(), d.call()));
  }

  private static Duration seconds(Integer value, Duration fallback) {
    return value == null ? fallback : Duration.ofSeconds(value);
  }
}
