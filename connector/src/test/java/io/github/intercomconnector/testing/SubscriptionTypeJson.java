/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Intercom's subscription type as its API answers it, the one shape every test builds its answers
 * from: {@code type("108").name("Newsletters").json()}. Unless told otherwise a type is live,
 * opt-in, for email, described "d" in English and without translations.
 */
public final class SubscriptionTypeJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A workspace's types to find by name: "Newsletters" (108, also "Lettre d'information" in
   * French), the archived "Legacy digest" (116), and two live types whose names differ only in
   * case, "Events" (120, opt-in) and "events" (122, opt-out, for SMS).
   */
  public static final String NAMED_TYPES =
      list(
          type("108")
              .name("Newsletters")
              .translation("en", "Newsletters")
              .translation("fr", "Lettre d'information"),
          type("116").state("archived").name("Legacy digest"),
          type("120").name("Events"),
          type("122").optOut().name("events").contentTypes("sms_message"));

  private final String id;
  private String state = "live";
  private String consentType = "opt_in";
  private String name = "n";
  private String description = "d";
  private List<String> contentTypes = List.of("email");
  private final List<Map<String, Object>> translations = new ArrayList<>();

  private SubscriptionTypeJson(String id) {
    this.id = id;
  }

  /** A live opt-in type for email with the id given. */
  public static SubscriptionTypeJson type(String id) {
    return new SubscriptionTypeJson(id);
  }

  /** Intercom's answer to the list of a workspace's types. */
  public static String list(SubscriptionTypeJson... types) {
    List<String> data = new ArrayList<>();
    for (SubscriptionTypeJson type : types) {
      data.add(type.json());
    }
    return list(data.toArray(String[]::new));
  }

  /** A list answer of types given as JSON. */
  public static String list(String... types) {
    return "{\"type\":\"list\",\"data\":[" + String.join(",", types) + "]}";
  }

  /** A contact's subscription list as Intercom answers it: ids only. */
  public static String attached(String... ids) {
    List<String> models = new ArrayList<>();
    for (String id : ids) {
      models.add("{\"type\":\"subscription\",\"id\":\"" + id + "\"}");
    }
    return list(models.toArray(String[]::new));
  }

  public SubscriptionTypeJson state(String state) {
    this.state = state;
    return this;
  }

  public SubscriptionTypeJson consentType(String consentType) {
    this.consentType = consentType;
    return this;
  }

  public SubscriptionTypeJson optOut() {
    return consentType("opt_out");
  }

  /** The name of its default translation. */
  public SubscriptionTypeJson name(String name) {
    this.name = name;
    return this;
  }

  public SubscriptionTypeJson description(String description) {
    this.description = description;
    return this;
  }

  public SubscriptionTypeJson contentTypes(String... contentTypes) {
    this.contentTypes = List.of(contentTypes);
    return this;
  }

  /** Adds a translation, with this type's description. */
  public SubscriptionTypeJson translation(String locale, String name) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("description", description);
    t.put("locale", locale);
    translations.add(t);
    return this;
  }

  /**
   * The type as Intercom's JSON, its fields in Intercom's order, a line for each translation part
   * (the answers' lengths, and so the request ids some tests derive from them, stay as they were).
   */
  public String json() {
    Map<String, Object> translation = new LinkedHashMap<>();
    translation.put("name", name);
    translation.put("description", description);
    translation.put("locale", "en");
    return "{\"type\":\"subscription\",\"id\":"
        + write(id)
        + ",\"state\":"
        + write(state)
        + ",\"consent_type\":"
        + write(consentType)
        + ",\n \"default_translation\":"
        + write(translation)
        + ",\n \"translations\":"
        + write(translations)
        + ",\n \"content_types\":"
        + write(contentTypes)
        + "}";
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return json();
  }
}
