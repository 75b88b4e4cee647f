/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Intercom API call: the method, the path as Intercom documents it ({@code
 * /contacts/{contact_id}/subscriptions}), the values of its placeholders, and an optional JSON
 * body. Each value becomes one encoded path segment, so an id can never add, remove or climb
 * segments; each names its field, so a refusal says which input was wrong.
 */
public record IntercomRequest(
    String method, String documentedPath, List<PathValue> pathValues, Object body) {

  /** A value for a placeholder of the documented path, and the field it came from. */
  public record PathValue(String field, String value) {}

  /** One segment of the path: a fixed word of the API, or a value with its field. */
  record Segment(String text, String field) {}

  public IntercomRequest {
    pathValues = List.copyOf(pathValues);
    int placeholders = 0;
    for (int i = 0; i < documentedPath.length(); i++) {
      placeholders += documentedPath.charAt(i) == '{' ? 1 : 0;
    }
    if (placeholders != pathValues.size()) {
      throw new IllegalArgumentException(
          documentedPath + " has " + placeholders + " placeholders, got " + pathValues.size());
    }
  }

  public static PathValue value(String field, String value) {
    return new PathValue(field, value);
  }

  public static IntercomRequest get(String documentedPath, PathValue... values) {
    return new IntercomRequest("GET", documentedPath, List.of(values), null);
  }

  public static IntercomRequest delete(String documentedPath, PathValue... values) {
    return new IntercomRequest("DELETE", documentedPath, List.of(values), null);
  }

  public static IntercomRequest post(String documentedPath, Object body, PathValue... values) {
    return new IntercomRequest("POST", documentedPath, List.of(values), body);
  }

  /** Each documented path's parts, split once: the paths are the few the tasks name. */
  private static final Map<String, String[]> PARTS = new ConcurrentHashMap<>();

  /** The segments in order, placeholders replaced by their values. */
  List<Segment> segments() {
    String[] parts = PARTS.computeIfAbsent(documentedPath, path -> path.substring(1).split("/"));
    List<Segment> segments = new ArrayList<>(parts.length);
    int next = 0;
    for (String part : parts) {
      if (part.startsWith("{")) {
        PathValue value = pathValues.get(next++);
        segments.add(new Segment(value.value(), value.field()));
      } else {
        segments.add(new Segment(part, null));
      }
    }
    return segments;
  }

  /** How messages name this call, e.g. {@code POST /contacts/{contact_id}/subscriptions}. */
  public String describe() {
    return method + " " + documentedPath;
  }
}
