/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.intercomconnector.inbound.HubSignature.Verdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Intercom's X-Hub-Signature, checked over the raw body. */
class HubSignatureTest {

  static final String SECRET = "app-client-secret";
  static final byte[] BODY =
      "{\"type\":\"notification_event\",\"id\":\"notif_1\",\"topic\":\"ping\"}"
          .getBytes(StandardCharsets.UTF_8);

  /** Computed outside Java (Python's hmac module) for this secret and body. */
  static final String KNOWN = "sha1=a9685d029994459bc6ad1384883f874e607315a9";

  private final HubSignature signature = new HubSignature(SECRET);

  @Test
  void signsAsIntercomDoesAnHmacSha1OfTheRawBodyInHex() {
    assertThat(signature.header(BODY)).isEqualTo(KNOWN);
    assertThat(signature.check(KNOWN, BODY)).isEqualTo(Verdict.GOOD);
  }

  @Test
  void acceptsUpperCaseHexAndPrefix() {
    assertThat(signature.check(KNOWN.toUpperCase(), BODY)).isEqualTo(Verdict.GOOD);
  }

  @Test
  void noHeaderIsMissingAndAnEmptyOneMalformed() {
    assertThat(signature.check(null, BODY)).isEqualTo(Verdict.MISSING);
    assertThat(signature.check("", BODY)).isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void anythingButSha1AndFortyHexDigitsIsMalformed() {
    String hex = KNOWN.substring("sha1=".length());
    assertThat(signature.check(hex, BODY)).as("no prefix").isEqualTo(Verdict.MALFORMED);
    assertThat(signature.check("sha256=" + hex, BODY)).isEqualTo(Verdict.MALFORMED);
    assertThat(signature.check("sha1=" + hex.substring(2), BODY))
        .as("truncated by a byte")
        .isEqualTo(Verdict.MALFORMED);
    assertThat(signature.check("sha1=" + hex.substring(1), BODY))
        .as("truncated by a digit")
        .isEqualTo(Verdict.MALFORMED);
    assertThat(signature.check(KNOWN + "00", BODY)).as("too long").isEqualTo(Verdict.MALFORMED);
    assertThat(signature.check("sha1=" + "zz" + hex.substring(2), BODY))
        .as("not hex")
        .isEqualTo(Verdict.MALFORMED);
    assertThat(signature.check("sha1=", BODY)).isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void aSignatureOfAnotherBodyOrWithAnotherSecretIsWrong() {
    byte[] other =
        "{\"type\":\"notification_event\",\"id\":\"notif_2\",\"topic\":\"ping\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(signature.check(KNOWN, other)).isEqualTo(Verdict.WRONG);
    assertThat(new HubSignature("another-secret").check(KNOWN, BODY)).isEqualTo(Verdict.WRONG);
    String lastDigitChanged = KNOWN.substring(0, KNOWN.length() - 1) + "6";
    assertThat(signature.check(lastDigitChanged, BODY)).isEqualTo(Verdict.WRONG);
    assertThat(signature.check("sha1=" + "0".repeat(40), BODY)).isEqualTo(Verdict.WRONG);
  }

  @Test
  void aBodyChangedByOneByteIsWrong() {
    byte[] changed = BODY.clone();
    changed[changed.length - 2] = 'h';
    assertThat(signature.check(KNOWN, changed)).isEqualTo(Verdict.WRONG);
  }

  @Test
  void needsASecret() {
    assertThatThrownBy(() -> new HubSignature(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a client secret is needed to check signatures");
    assertThatThrownBy(() -> new HubSignature(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
