/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Intercom's signature of a webhook notification: the header {@value #HEADER} is {@code sha1=}
 * followed by the hexadecimal HMAC-SHA1 of the raw request body, keyed with the app's client secret
 * (Intercom developer docs, "Webhooks", "Signed notifications"). The check runs over the bytes as
 * received, before anything is parsed, and compares in constant time.
 */
public final class HubSignature {

  /** The header Intercom signs each notification in. */
  public static final String HEADER = "X-Hub-Signature";

  private static final String ALGORITHM = "HmacSHA1";
  private static final String PREFIX = "sha1=";
  private static final int SIGNATURE_BYTES = 20;

  /** What the check found, for the answer and the one log line; never the signature itself. */
  public enum Verdict {
    GOOD,
    MISSING,
    MALFORMED,
    WRONG
  }

  private final SecretKeySpec key;

  public HubSignature(String clientSecret) {
    if (clientSecret == null || clientSecret.isEmpty()) {
      throw new IllegalArgumentException("a client secret is needed to check signatures");
    }
    this.key = new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The header value Intercom sends for this body: {@code sha1=<40 hex digits>}. */
  public String header(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(mac(body));
  }

  /** Whether the header value is Intercom's signature of exactly these bytes. */
  public Verdict check(String headerValue, byte[] body) {
    if (headerValue == null) {
      return Verdict.MISSING;
    }
    byte[] given = parse(headerValue);
    if (given == null) {
      return Verdict.MALFORMED;
    }
    return MessageDigest.isEqual(mac(body), given) ? Verdict.GOOD : Verdict.WRONG;
  }

  /** The signature's bytes, or null when the value is not {@code sha1=} and 40 hex digits. */
  private static byte[] parse(String headerValue) {
    if (!headerValue.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        || headerValue.length() != PREFIX.length() + 2 * SIGNATURE_BYTES) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(headerValue, PREFIX.length(), headerValue.length());
    } catch (IllegalArgumentException notHex) {
      return null;
    }
  }

  private byte[] mac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
    }
  }
}
