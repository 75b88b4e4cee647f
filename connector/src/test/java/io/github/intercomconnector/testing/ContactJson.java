/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.testing;

import static io.github.intercomconnector.testing.Fixtures.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;

/** Intercom's contacts as its API answers them: one contact, a page of a search. */
public final class ContactJson {

  /** The email the lookups' tests look for. */
  public static final String EMAIL = "ada.lovelace@example.com";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContactJson() {}

  /** A contact with its role, email and external id (each may be null). */
  public static String contact(String id, String role, String email, String externalId) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", "contact");
    c.put("id", id);
    c.put("role", role);
    c.put("email", email);
    c.put("external_id", externalId);
    try {
      return JSON.writeValueAsString(c);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A page of a contact search; with {@code next}, the cursor of a following page. */
  public static MockResponse found(String next, String... contacts) {
    String pages =
        next == null
            ? "{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":1}"
            : "{\"type\":\"pages\",\"page\":1,\"per_page\":50,\"total_pages\":2,"
                + "\"next\":{\"per_page\":50,\"starting_after\":\""
                + next
                + "\"}}";
    return json(
        200,
        "{\"type\":\"list\",\"data\":["
            + String.join(",", contacts)
            + "],\"total_count\":"
            + contacts.length
            + ",\"pages\":"
            + pages
            + "}");
  }

  /** Intercom's 410 for a merged contact, pointing at the contact it was merged into. */
  public static MockResponse merged(String canonicalId, String message) {
    return new MockResponse.Builder()
        .code(410)
        .addHeader("Content-Type", "application/json")
        .addHeader("Link", "</contacts/" + canonicalId + ">; rel=\"canonical\"")
        .body(
            "{\"type\":\"error.list\",\"errors\":[{\"code\":\"contact_merged\",\"message\":\""
                + message
                + "\"}]}")
        .build();
  }
}
