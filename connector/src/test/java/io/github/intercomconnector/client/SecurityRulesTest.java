/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's security rules, each on its own: https or loopback only, a header-safe token and
 * version, and one rate-limit view per app keyed without the token.
 */
class SecurityRulesTest {

  static final IntercomSettings.Timeouts T = IntercomSettings.Timeouts.DEFAULT;

  @ParameterizedTest
  @ValueSource(
      strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1"})
  void loopbackAddressesAreLoopback(String host) {
    assertThat(IntercomSettings.isLoopback(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.1.2.3",
        "192.168.0.1",
        "172.16.0.1",
        "8.8.8.8",
        "0.0.0.0",
        "::2",
        "fe80::1",
        "localhost.example.com",
        "127.0.0.1.nip.io",
        "example.com",
        "999.1.1.1"
      })
  void otherHostsAreNotLoopback(String host) {
    assertThat(IntercomSettings.isLoopback(host)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.1.2.3/", "http://192.168.1.20:8080/", "http://gw.example.com"})
  void plainHttpToAnyOtherHostIsRefused(String url) {
    assertThatThrownBy(() -> IntercomSettings.baseUrl(url, "connection.baseUrl"))
        .isInstanceOf(IntercomInputException.class)
        .hasMessageStartingWith("connection.baseUrl: expected an https URL")
        .extracting(e -> ((IntercomInputException) e).field())
        .isEqualTo("connection.baseUrl");
    assertThatThrownBy(
            () -> new IntercomSettings(HttpUrl.get(url), "t", ApiVersions.NEWEST_STABLE, T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost/x", "http://[::1]:9/"})
  void plainHttpToLoopbackIsAllowed(String url) {
    HttpUrl base = IntercomSettings.baseUrl(url, "connection.baseUrl");
    assertThat(new IntercomSettings(base, "t", "2.16", T).baseUrl()).isEqualTo(base);
  }

  @Test
  void aBaseUrlLosesItsTrailingSlashOnly() {
    assertThat(IntercomSettings.baseUrl("https://gw.example.com/intercom/", "f").toString())
        .isEqualTo("https://gw.example.com/intercom");
    assertThat(IntercomSettings.baseUrl("https://gw.example.com/intercom", "f").toString())
        .isEqualTo("https://gw.example.com/intercom");
    assertThat(IntercomSettings.baseUrl(" https://gw.example.com ", "f").toString())
        .isEqualTo("https://gw.example.com/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\tb", "a\r\nX-Evil: 1", "tok\u007f", "tök", "t\u0000k"})
  void aTokenThatWouldBreakTheHeaderIsRefused(String token) {
    assertThat(IntercomSettings.isHeaderSafe(token)).isFalse();
    assertThatThrownBy(() -> IntercomSettings.accessToken(token, "connection.accessToken"))
        .isInstanceOf(IntercomInputException.class)
        .hasMessage(
            "connection.accessToken: expected a token without spaces or control characters");
    assertThatThrownBy(
            () -> new IntercomSettings(HttpUrl.get("https://api.intercom.io/"), token, "2.16", T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"!", "~", "tok_ABC-123.x=", "dG9rZW4=", "a:b/c+d"})
  void printableTokensAreSafe(String token) {
    assertThat(IntercomSettings.isHeaderSafe(token)).isTrue();
    assertThat(IntercomSettings.accessToken(" " + token + " ", "f")).isEqualTo(token);
  }

  @Test
  void aBlankTokenIsNoToken() {
    assertThat(IntercomSettings.accessToken("  ", "f")).isNull();
    assertThat(IntercomSettings.accessToken(null, "f")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.16\r\nX: 1", "2 16", "", ".2", "x123456789012345678901234567890123"})
  void aVersionThatCouldNotBeOneIsRefused(String version) {
    assertThat(ApiVersions.isWellFormed(version)).isFalse();
    assertThatThrownBy(
            () -> new IntercomSettings(HttpUrl.get("https://api.intercom.io/"), "t", version, T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionsIntercomAcceptsAreWellFormed() {
    assertThat(ApiVersions.ACCEPTED)
        .allMatch(ApiVersions::isWellFormed)
        .contains("2.16", "Preview");
    assertThat(ApiVersions.isWellFormed("2.17")).isTrue();
    assertThat(ApiVersions.isWellFormed(null)).isFalse();
    assertThat(IntercomSettings.intercomVersion(" 2.17 ", "f")).isEqualTo("2.17");
    assertThatThrownBy(
            () -> IntercomSettings.intercomVersion(" ", "connection.otherIntercomVersion"))
        .hasMessage(
            "connection.otherIntercomVersion: expected an Intercom-Version such as 2.17, got nothing");
  }

  @Test
  void eachAppHasItsOwnRateLimitKeyWhichNeverHoldsTheToken() {
    HttpUrl us = HttpUrl.get("https://api.intercom.io/");
    HttpUrl eu = HttpUrl.get("https://api.eu.intercom.io/");
    String token = "tok_SECRET_value_1234567890";
    String key = new IntercomSettings(us, token, "2.16", T).appKey();

    assertThat(key).startsWith("https://api.intercom.io/#").doesNotContain(token).hasSize(25 + 16);
    assertThat(
            new IntercomSettings(
                    us,
                    token,
                    "2.15",
                    new IntercomSettings.Timeouts(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .appKey())
        .as("the same app, other version and timeouts")
        .isEqualTo(key);
    assertThat(new IntercomSettings(us, token + "x", "2.16", T).appKey()).isNotEqualTo(key);
    assertThat(new IntercomSettings(eu, token, "2.16", T).appKey()).isNotEqualTo(key);
    assertThat(new IntercomSettings(us, null, "2.16", T).appKey())
        .isNotEqualTo(key)
        .isEqualTo(new IntercomSettings(us, null, "2.16", T).appKey());
  }

  @Test
  void settingsPrintWithoutTheToken() {
    String token = "tok_SECRET_value_1234567890";
    HttpUrl us = HttpUrl.get("https://api.intercom.io/");
    assertThat(new IntercomSettings(us, token, "2.16", T).toString())
        .doesNotContain(token)
        .contains("accessToken=[REDACTED]")
        .contains("baseUrl=https://api.intercom.io/")
        .contains("intercomVersion=2.16");
    assertThat(new IntercomSettings(us, null, "2.16", T).toString()).contains("accessToken=<none>");
  }

  @Test
  void regionsAreIntercomsHosts() {
    assertThat(Region.byCode(" EU ")).contains(Region.EUROPE);
    assertThat(Region.byCode("us").orElseThrow().host().toString())
        .isEqualTo("https://api.intercom.io/");
    assertThat(Region.AUSTRALIA.host().toString()).isEqualTo("https://api.au.intercom.io/");
    assertThat(Region.EUROPE.code()).isEqualTo("eu");
    assertThat(Region.byCode("mars")).isEmpty();
    assertThat(Region.byCode(null)).isEmpty();
  }
}
