/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes the access token from text that leaves the client, in case an answer (a proxy's error
 * page, say) echoes it, as is or base64-encoded. The connector itself never writes the token
 * anywhere but the Authorization header.
 */
final class Redaction {
  static final String MASK = "[REDACTED]";

  private static final int MIN_ENCODED_LENGTH = 8;
  private static final Pattern PADDING = Pattern.compile("=+$");

  private Redaction() {}

  /** The forms in which a token can be echoed: as is, and base64 (standard and URL-safe). */
  static List<String> forms(String token) {
    if (token == null || token.isEmpty()) {
      return List.of();
    }
    if (token.length() < MIN_ENCODED_LENGTH) {
      return List.of(token); // its base64 would be short enough to match unrelated text
    }
    byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
    String plain = Base64.getEncoder().encodeToString(bytes);
    String url = Base64.getUrlEncoder().encodeToString(bytes);
    List<String> forms = new ArrayList<>(List.of(token, plain, stripPadding(plain)));
    if (!url.equals(plain)) {
      forms.add(url);
      forms.add(stripPadding(url));
    }
    return forms;
  }

  /** Whether the text holds the token in any of its forms. */
  static boolean holds(String text, String token) {
    return holds(text, forms(token));
  }

  /** Whether the text holds any of the token's {@link #forms}. */
  static boolean holds(String text, List<String> forms) {
    if (text == null) {
      return false;
    }
    for (String form : forms) {
      if (text.contains(form)) {
        return true;
      }
    }
    return false;
  }

  static String scrub(String text, String token) {
    return scrub(text, forms(token));
  }

  static String scrub(String text, List<String> forms) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String form : forms) {
      out = out.replace(form, MASK);
    }
    return out;
  }

  static Map<String, Object> scrub(Map<String, Object> map, String token) {
    return scrub(map, forms(token));
  }

  static Map<String, Object> scrub(Map<String, Object> map, List<String> forms) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(scrub(k, forms), scrubValue(v, forms)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object scrubValue(Object value, List<String> forms) {
    if (value instanceof String s) {
      return scrub(s, forms);
    }
    if (value instanceof Map<?, ?> m) {
      return scrub((Map<String, Object>) m, forms);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(scrubValue(v, forms)));
      return out;
    }
    return value;
  }

  private static String stripPadding(String base64) {
    return PADDING.matcher(base64).replaceAll("");
  }
}
