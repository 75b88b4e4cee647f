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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final Map<String, String> mergedInto = new LinkedHashMap<>();
  private final Map<String, Instant> searchableAt = new LinkedHashMap<>();
  private final Set<String> archived = new LinkedHashSet<>();
  private Clock clock = Clock.systemUTC();
  private Duration searchLag = Duration.ZERO;

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
      state.put(contact, seed.path("workspace_id").asText("sandbox"));
    }
    return state;
  }

  /** A contact model as Intercom returns it, from a seed entry. */
  private String put(JsonNode contact, String workspace) {
    ObjectNode model = JSON.createObjectNode();
    model.put("type", "contact");
    model.put("id", contact.path("id").asText());
    model.put("workspace_id", workspace);
    model.put("role", contact.path("role").asText("user"));
    model.set("email", contact.path("email").isMissingNode() ? null : contact.get("email"));
    model.set(
        "external_id",
        contact.path("external_id").isMissingNode() ? null : contact.get("external_id"));
    model.set("name", contact.path("name").isMissingNode() ? null : contact.get("name"));
    model.put(
        "unsubscribed_from_emails", contact.path("unsubscribed_from_emails").asBoolean(false));
    String id = model.get("id").asText();
    contacts.put(id, model);
    Map<String, String> subs = new LinkedHashMap<>();
    contact
        .path("subscriptions")
        .properties()
        .forEach(e -> subs.put(e.getKey(), e.getValue().asText()));
    attached.put(id, subs);
    if (contact.hasNonNull("merged_into")) {
      mergedInto.put(id, contact.get("merged_into").asText());
    }
    return id;
  }

  /** Uses this clock for the search lag. */
  public synchronized SandboxState clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** How long a contact added with {@link #addContact} stays out of search results. */
  public synchronized SandboxState searchLag(Duration lag) {
    this.searchLag = lag;
    return this;
  }

  /**
   * Adds a contact as a sign-up would (seed format): at once for its id, for search only after the
   * search lag. Returns its id.
   */
  public synchronized String addContact(JsonNode contact) {
    String id = put(contact, "sandbox");
    searchableAt.put(id, clock.instant().plus(searchLag));
    return id;
  }

  /** Adds a subscription type (Intercom's model), e.g. a second one with an existing name. */
  public synchronized void addSubscriptionType(JsonNode type) {
    ObjectNode model = (ObjectNode) type.deepCopy();
    model.put("type", "subscription");
    subscriptionTypes.put(model.path("id").asText(), model);
  }

  /** The contact a merged contact was merged into, or null. */
  public synchronized String mergedInto(String contactId) {
    return mergedInto.get(contactId);
  }

  /** Sets a contact's global email opt-out. */
  public synchronized void unsubscribeFromEmails(String contactId, boolean unsubscribed) {
    contacts.get(contactId).put("unsubscribed_from_emails", unsubscribed);
  }

  /** Whether the contact exists and is not archived. */
  public synchronized boolean hasContact(String contactId) {
    return contacts.containsKey(contactId) && !archived.contains(contactId);
  }

  /** The contact's model, or null when it does not exist or is archived. */
  public synchronized ObjectNode contact(String contactId) {
    ObjectNode c = archived.contains(contactId) ? null : contacts.get(contactId);
    return c == null ? null : c.deepCopy();
  }

  /** Whether the contact exists and is archived. */
  public synchronized boolean isArchived(String contactId) {
    return archived.contains(contactId);
  }

  /**
   * Deletes a contact, archived or not, with its consents: it is gone for every later request.
   * Returns its reference ({@code type}, {@code id}, {@code external_id}), or null if none.
   */
  public synchronized ObjectNode delete(String contactId) {
    ObjectNode c = contacts.remove(contactId);
    if (c == null) {
      return null;
    }
    attached.remove(contactId);
    searchableAt.remove(contactId);
    archived.remove(contactId);
    return reference(c);
  }

  /**
   * Archives (or, with {@code false}, unarchives) a contact: an archived one is out of search and
   * answers 404 until unarchived. Returns its reference, or null if there is no such contact.
   */
  public synchronized ObjectNode archive(String contactId, boolean archive) {
    ObjectNode c = contacts.get(contactId);
    if (c == null) {
      return null;
    }
    if (archive) {
      archived.add(contactId);
    } else {
      archived.remove(contactId);
    }
    return reference(c);
  }

  /** Intercom's {@code contact_reference}: the type, the id and the external id. */
  private static ObjectNode reference(ObjectNode contact) {
    ObjectNode ref = JSON.createObjectNode();
    ref.put("type", "contact");
    ref.set("id", contact.get("id"));
    ref.set("external_id", contact.get("external_id"));
    return ref;
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

  /**
   * Contacts whose fields equal the values ("email" ignoring case, "external_id", "role"), as
   * search sees them: no merged or archived contact, none added less than the search lag ago.
   */
  synchronized List<ObjectNode> findContacts(Map<String, String> equal) {
    List<ObjectNode> found = new ArrayList<>();
    Instant now = clock.instant();
    for (ObjectNode c : contacts.values()) {
      String id = c.get("id").asText();
      if (mergedInto.containsKey(id)
          || archived.contains(id)
          || now.isBefore(searchableAt.getOrDefault(id, Instant.MIN))) {
        continue;
      }
      boolean all = true;
      for (Map.Entry<String, String> e : equal.entrySet()) {
        String actual = c.hasNonNull(e.getKey()) ? c.get(e.getKey()).asText() : null;
        all &=
            e.getKey().equals("email")
                ? e.getValue().equalsIgnoreCase(actual)
                : e.getValue().equals(actual);
      }
      if (all) {
        found.add(c.deepCopy());
      }
    }
    return found;
  }

  /**
   * The user with this external id, merged or not; null if none (leads and archived users are not
   * found).
   */
  synchronized ObjectNode userByExternalId(String externalId) {
    for (ObjectNode c : contacts.values()) {
      if ("user".equals(c.path("role").asText())
          && !archived.contains(c.get("id").asText())
          && c.hasNonNull("external_id")
          && c.get("external_id").asText().equals(externalId)) {
        return c.deepCopy();
      }
    }
    return null;
  }

  /** The whole state, for the admin endpoint and the demo output. */
  public synchronized ObjectNode snapshot() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode contactList = root.putArray("contacts");
    for (ObjectNode c : contacts.values()) {
      ObjectNode entry = c.deepCopy();
      ObjectNode subs = entry.putObject("subscriptions");
      attached.getOrDefault(c.get("id").asText(), Map.of()).forEach(subs::put);
      if (archived.contains(c.get("id").asText())) {
        entry.put("archived", true);
      }
      contactList.add(entry);
    }
    ArrayNode types = root.putArray("subscription_types");
    subscriptionTypes.values().forEach(types::add);
    return root;
  }
}
