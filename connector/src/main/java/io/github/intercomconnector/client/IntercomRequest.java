/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

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

  public static IntercomRequest put(String documentedPath, Object body, PathValue... values) {
    return new IntercomRequest("PUT", documentedPath, List.of(values), body);
  }

  /** A documented path's parts, split once, and how messages name it with each method. */
  private record Shape(String[] parts, Map<String, String> described) {}

  /**
   * Each documented path's shape, kept for the life of the process: a call neither splits its path
   * again nor joins a new "method path" text, and that text is the same string for every call, its
   * hash computed once for the maps of meters it is a key of. The paths are the few constants of
   * {@link IntercomPaths}, so the map holds no more than those.
   */
  private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();

  private Shape shape() {
    return SHAPES.computeIfAbsent(
        documentedPath, path -> new Shape(path.substring(1).split("/"), new ConcurrentHashMap<>()));
  }

  private String[] parts() {
    return shape().parts();
  }

  private static boolean isPlaceholder(String part) {
    return part.startsWith("{");
  }

  /** The segments in order, placeholders replaced by their values. */
  List<Segment> segments() {
    String[] parts = parts();
    List<Segment> segments = new ArrayList<>(parts.length);
    int next = 0;
    for (String part : parts) {
      if (isPlaceholder(part)) {
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
    Map<String, String> byMethod = shape().described();
    String described = byMethod.get(method);
    if (described == null) {
      // Joined once per method and path; get-then-put, as a capturing lambda would cost each call.
      described = method + " " + documentedPath;
      byMethod.put(method, described);
    }
    return described;
  }

  /** Builds the URL from encoded segments and proves no segment climbed out of the base path. */
  HttpUrl url(HttpUrl base) {
    String[] parts = parts();
    HttpUrl.Builder builder = base.newBuilder();
    int next = 0;
    for (String part : parts) {
      builder.addPathSegment(isPlaceholder(part) ? pathValues.get(next++).value() : part);
    }
    HttpUrl url = builder.build();
    List<String> baseSegments = base.pathSegments();
    int baseSize = baseSegments.size();
    if (baseSegments.get(baseSize - 1).isEmpty()) {
      baseSize--;
    }
    if (!isBaseThenParts(url.pathSegments(), baseSize, parts)) {
      throw refused(climbing(base, baseSegments.subList(0, baseSize)));
    }
    return url;
  }

  /**
   * Whether {@code path} is the base's first {@code baseSize} segments, then the documented path's
   * parts with the values in place of the placeholders.
   */
  private boolean isBaseThenParts(List<String> path, int baseSize, String[] parts) {
    // Each part adds one segment, none ('.') or takes one away ('..'): with as many segments as
    // expected, none was taken away, so the base's own segments are as they were.
    if (path.size() != baseSize + parts.length) {
      return false;
    }
    int next = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = isPlaceholder(parts[i]) ? pathValues.get(next++).value() : parts[i];
      if (!path.get(baseSize + i).equals(part)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The segment that climbed out of the path or stayed where it was: the first whose adding does
   * not make the path one segment longer with it at the end, else the last.
   */
  private Segment climbing(HttpUrl base, List<String> baseSegments) {
    List<Segment> segments = segments();
    HttpUrl.Builder again = base.newBuilder();
    List<String> sofar = new ArrayList<>(baseSegments);
    for (int i = 0; i < segments.size() - 1; i++) {
      Segment segment = segments.get(i);
      again.addPathSegment(segment.text());
      sofar.add(segment.text());
      if (!again.build().pathSegments().equals(sofar)) {
        return segment;
      }
    }
    return segments.get(segments.size() - 1);
  }

  private IntercomInputException refused(Segment segment) {
    return new IntercomInputException(
        segment.field(),
        "expected an Intercom id usable as one segment of "
            + documentedPath
            + ", got '"
            + segment.text()
            + "' ('.' and '..' are refused)");
  }
}
