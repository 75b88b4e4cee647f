/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Intercom workspace: its subscription types (models as Intercom returns them), its contacts,
 * and which subscription types each contact was explicitly attached to. Thread-safe.
 *
 * <p>Seed format: {@code {"subscription_types": [<subscription type model>...], "contacts": [{"id",
 * "role", "email", "external_id", "name", "subscriptions": {"<type id>": "opt_in"}}...]}}.
 */
public final class SandboxState {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ObjectNode> subscriptionTypes = new LinkedHashMap<>();
  private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> attached = new LinkedHashMap<>();

  public static SandboxState fromJson(String json) {
    try {
      return fromTree(JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("Sandbox seed is not valid JSON", e);
    }
  }

  public static SandboxState fromFile(Path file) throws IOException {
    return fromJson(Files.readString(file));
  }

  /** The example workspace in {@code sandbox/seed.json} on the class path. */
  public static SandboxState exampleWorkspace() {
    try (InputStream in = SandboxState.class.getResourceAsStream("/sandbox/seed.json")) {
      return fromTree(JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SandboxState fromTree(JsonNode seed) {
    SandboxState state = new SandboxState();
    for (JsonNode type : seed.path("subscription_types")) {
      ObjectNode model = (ObjectNode) type.deepCopy();
      model.put("type", "subscription");
      state.subscriptionTypes.put(model.path("id").asText(), model);
    }
    for (JsonNode contact : seed.path("contacts")) {
      ObjectNode model = JSON.createObjectNode();
      model.put("type", "contact");
      model.put("id", contact.path("id").asText());
      model.put("workspace_id", seed.path("workspace_id").asText("sandbox"));
      model.put("role", contact.path("role").asText("user"));
      model.set("email", contact.path("email").isMissingNode() ? null : contact.get("email"));
      model.set(
          "external_id",
          contact.path("external_id").isMissingNode() ? null : contact.get("external_id"));
      model.set("name", contact.path("name").isMissingNode() ? null : contact.get("name"));
      state.contacts.put(model.get("id").asText(), model);
      Map<String, String> subs = new LinkedHashMap<>();
      contact
          .path("subscriptions")
          .fields()
          .forEachRemaining(e -> subs.put(e.getKey(), e.getValue().asText()));
      state.attached.put(model.get("id").asText(), subs);
    }
    return state;
  }

  public synchronized boolean hasContact(String contactId) {
    return contacts.containsKey(contactId);
  }

  public synchronized ObjectNode contact(String contactId) {
    ObjectNode c = contacts.get(contactId);
    return c == null ? null : c.deepCopy();
  }

  public synchronized ObjectNode subscriptionType(String id) {
    ObjectNode t = subscriptionTypes.get(id);
    return t == null ? null : t.deepCopy();
  }

  public synchronized List<ObjectNode> subscriptionTypes() {
    return subscriptionTypes.values().stream().map(ObjectNode::deepCopy).toList();
  }

  /** A contact's explicit consents: subscription type id to opt_in / opt_out. */
  public synchronized Map<String, String> consents(String contactId) {
    Map<String, String> subs = attached.get(contactId);
    return subs == null ? Map.of() : new LinkedHashMap<>(subs);
  }

  synchronized void attach(String contactId, String typeId, String consentType) {
    attached.computeIfAbsent(contactId, k -> new LinkedHashMap<>()).put(typeId, consentType);
  }

  /** Returns whether the type was attached. */
  synchronized boolean detach(String contactId, String typeId) {
    Map<String, String> subs = attached.get(contactId);
    return subs != null && subs.remove(typeId) != null;
  }

  /** Contacts whose field ("email" or "external_id") equals the value. */
  synchronized List<ObjectNode> findContacts(String field, String value) {
    List<ObjectNode> found = new ArrayList<>();
    for (ObjectNode c : contacts.values()) {
      if (c.hasNonNull(field) && c.get(field).asText().equalsIgnoreCase(value)) {
        found.add(c.deepCopy());
      }
    }
    return found;
  }

  /** The whole state, for the admin endpoint and the demo output. */
  public synchronized ObjectNode snapshot() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode contactList = root.putArray("contacts");
    for (ObjectNode c : contacts.values()) {
      ObjectNode entry = c.deepCopy();
      ObjectNode subs = entry.putObject("subscriptions");
      attached.getOrDefault(c.get("id").asText(), Map.of()).forEach(subs::put);
      contactList.add(entry);
    }
    ArrayNode types = root.putArray("subscription_types");
    subscriptionTypes.values().forEach(types::add);
    return root;
  }
}
