/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A subscription type as the connector reads it: its id, state, consent model, content types and
 * default name; {@code model} is Intercom's JSON as it came, which a result returns unchanged
 * ("every field of Intercom's model"). A type known only by the id a form gave has no consent
 * model, state or name (null).
 */
public record SubscriptionType(
    String id,
    String state,
    String consentType,
    List<String> contentTypes,
    String name,
    Map<String, Object> model) {

  /** The type Intercom's JSON describes. */
  public static SubscriptionType of(Map<String, Object> model) {
    List<String> kinds = new ArrayList<>();
    if (model.get("content_types") instanceof List<?> list) {
      list.forEach(k -> kinds.add(String.valueOf(k)));
    }
    Object consentType = model.get("consent_type");
    Object state = model.get("state");
    return new SubscriptionType(
        String.valueOf(model.get("id")),
        state == null ? null : String.valueOf(state),
        consentType == null ? null : String.valueOf(consentType),
        List.copyOf(kinds),
        defaultName(model),
        model);
  }

  /** A type known by the id a form gave, not read: Intercom's model of it as far as known. */
  public static SubscriptionType byId(String id) {
    Map<String, Object> model = new LinkedHashMap<>(4);
    model.put("type", "subscription");
    model.put("id", id);
    return of(model);
  }

  /** Whether Intercom sends its messages: neither a draft nor archived. */
  public boolean live() {
    return "live".equals(state);
  }

  /** Whether its consent model ({@code opt_in} or {@code opt_out}) was read. */
  public boolean hasConsentModel() {
    return consentType != null;
  }

  /** Whether its names were read (its default translation). */
  public boolean hasName() {
    return model.containsKey("default_translation");
  }

  /** The name it shows by default, or its id when it has none. */
  public String shownName() {
    return name != null ? name : id;
  }

  /** Every name of the type, trimmed and in lower case: its default translation and all others. */
  Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    if (name != null) {
      names.add(normal(name));
    }
    if (model.get("translations") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> t && t.get("name") instanceof String n) {
          names.add(normal(n));
        }
      }
    }
    return names;
  }

  static String normal(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  private static String defaultName(Map<String, Object> model) {
    return model.get("default_translation") instanceof Map<?, ?> t
            && t.get("name") instanceof String n
        ? n
        : null;
  }
}
