/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.util.List;
import java.util.Map;

/**
 * One Intercom API call: method, path segments (each encoded on its own, so an id can never add,
 * remove or climb path segments), an optional JSON body, and the path as Intercom documents it
 * ({@code /contacts/{contact_id}/subscriptions}), which is what messages and logs show.
 */
public record IntercomRequest(
    String method, List<String> pathSegments, String documentedPath, Map<String, Object> body) {

  public static IntercomRequest get(String documentedPath, String... segments) {
    return new IntercomRequest("GET", List.of(segments), documentedPath, null);
  }

  public static IntercomRequest delete(String documentedPath, String... segments) {
    return new IntercomRequest("DELETE", List.of(segments), documentedPath, null);
  }

  public static IntercomRequest post(
      String documentedPath, Map<String, Object> body, String... segments) {
    return new IntercomRequest("POST", List.of(segments), documentedPath, body);
  }

  /** How messages name this call, e.g. {@code POST /contacts/{contact_id}/subscriptions}. */
  public String describe() {
    return method + " " + documentedPath;
  }
}
