/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes the access token from text that leaves the connector, in case an answer (a proxy's error
 * page, say) echoes it. The connector itself never writes the token anywhere but the Authorization
 * header.
 */
final class Redaction {
  static final String MASK = "[REDACTED]";

  private Redaction() {}

  static String scrub(String text, String token) {
    if (text == null || token == null || token.isEmpty()) {
      return text;
    }
    return text.replace(token, MASK);
  }

  static Map<String, Object> scrub(Map<String, Object> map, String token) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, scrubValue(v, token)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object scrubValue(Object value, String token) {
    if (value instanceof String s) {
      return scrub(s, token);
    }
    if (value instanceof Map<?, ?> m) {
      return scrub((Map<String, Object>) m, token);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(scrubValue(v, token)));
      return out;
    }
    return value;
  }
}
