/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import static io.github.intercomconnector.client.IntercomRequest.value;

import io.github.intercomconnector.client.IntercomApiException;
import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomPaths;
import io.github.intercomconnector.client.IntercomRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds contacts the way a process knows them, with Intercom's documented endpoints: {@code POST
 * /contacts/search} for emails and external ids (users and leads, exact match, pages followed up to
 * {@value #MAX_PAGES} pages of {@value #PAGE_SIZE}), and {@code GET
 * /contacts/find_by_external_id/{external_id}} for users by external id, following a merged
 * contact's {@code Link} once. Every call goes through the one client: rate limit, retries, errors.
 */
public final class ContactFinder {

  static final int PAGE_SIZE = 50;
  static final int MAX_PAGES = 4;

  public ContactFinder() {}

  /**
   * The contact the query names, or every match when the query wants all.
   *
   * @throws LookupException when nobody matches, or several do and the query wants one
   */
  public List<FoundContact> find(IntercomCalls calls, ContactQuery query) {
    List<FoundContact> found =
        switch (query.by()) {
          case ID -> List.of(new FoundContact(query.value(), null, "id", null));
          case EXTERNAL_ID ->
              query.role() == ContactQuery.Role.USER
                  ? userByExternalId(calls, query)
                  : search(calls, query);
          case EMAIL -> search(calls, query);
        };
    if (found.isEmpty()) {
      throw notFound(query);
    }
    if (found.size() > 1 && !query.all()) {
      List<String> ids = found.stream().map(FoundContact::id).toList();
      Map<String, Object> details = details(query);
      details.put("contactIds", ids);
      throw new LookupException(
          LookupException.Reason.SEVERAL_CONTACTS,
          found.size()
              + " contacts match "
              + describe(query)
              + ": "
              + String.join(", ", ids)
              + "; choose \"Apply to every matching contact\", or narrow the contact role",
          details);
    }
    return found;
  }

  /** The failure for a query that found nobody. */
  public static LookupException notFound(ContactQuery query) {
    return new LookupException(
        LookupException.Reason.CONTACT_NOT_FOUND,
        "no contact matches " + describe(query),
        details(query));
  }

  /** What was searched, as operators may read it: emails masked. */
  static String describe(ContactQuery query) {
    String role =
        query.role() == ContactQuery.Role.ANY ? "" : " (" + query.role().intercomRole() + "s only)";
    return query.by().intercomField() + " " + query.shownValue() + role;
  }

  static Map<String, Object> details(ContactQuery query) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("searchedBy", query.by().intercomField());
    details.put("searchedFor", query.shownValue());
    details.put("contactRole", query.role().name().toLowerCase(java.util.Locale.ROOT));
    return details;
  }

  private List<FoundContact> search(IntercomCalls calls, ContactQuery query) {
    List<FoundContact> found = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, Object> answer =
          calls
              .send(IntercomRequest.post(IntercomPaths.CONTACTS_SEARCH, searchBody(query, cursor)))
              .body();
      if (answer.get("data") instanceof List<?> data) {
        for (Object item : data) {
          if (item instanceof Map<?, ?> contact && matches(contact, query)) {
            found.add(
                new FoundContact(
                    String.valueOf(contact.get("id")),
                    (String) contact.get("role"),
                    query.by().intercomField(),
                    null));
          }
        }
      }
      cursor = nextCursor(answer);
      if (cursor == null) {
        return found;
      }
    }
    if (query.all()) {
      Map<String, Object> details = details(query);
      details.put("contactIds", found.stream().map(FoundContact::id).toList());
      throw new LookupException(
          LookupException.Reason.SEVERAL_CONTACTS,
          "more than "
              + MAX_PAGES * PAGE_SIZE
              + " contacts match "
              + describe(query)
              + "; the connector changes at most that many at once: narrow the contact role",
          details);
    }
    return found;
  }

  static Map<String, Object> searchBody(ContactQuery query, String cursor) {
    Map<String, Object> value = filter(query.by().intercomField(), query.value());
    Map<String, Object> body = new LinkedHashMap<>();
    String role = query.role().intercomRole();
    if (role == null) {
      body.put("query", value);
    } else {
      Map<String, Object> and = new LinkedHashMap<>();
      and.put("operator", "AND");
      and.put("value", List.of(value, filter("role", role)));
      body.put("query", and);
    }
    Map<String, Object> pagination = new LinkedHashMap<>();
    pagination.put("per_page", PAGE_SIZE);
    if (cursor != null) {
      pagination.put("starting_after", cursor);
    }
    body.put("pagination", pagination);
    return body;
  }

  private static Map<String, Object> filter(String field, String value) {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("field", field);
    filter.put("operator", "=");
    filter.put("value", value);
    return filter;
  }

  /** Exact match, whatever the search did: emails ignoring case, external ids as they are. */
  private static boolean matches(Map<?, ?> contact, ContactQuery query) {
    Object actual = contact.get(query.by().intercomField());
    boolean same =
        query.by() == ContactQuery.By.EMAIL
            ? actual instanceof String s && s.trim().equalsIgnoreCase(query.value())
            : Objects.equals(actual == null ? null : String.valueOf(actual), query.value());
    return same && query.role().accepts((String) contact.get("role"));
  }

  private static String nextCursor(Map<String, Object> answer) {
    if (answer.get("pages") instanceof Map<?, ?> pages
        && pages.get("next") instanceof Map<?, ?> next
        && next.get("starting_after") instanceof String cursor
        && !cursor.isBlank()) {
      return cursor;
    }
    return null;
  }

  private List<FoundContact> userByExternalId(IntercomCalls calls, ContactQuery query) {
    Map<String, Object> contact;
    String mergedFrom = null;
    try {
      contact =
          calls
              .send(
                  IntercomRequest.get(
                      IntercomPaths.CONTACT_BY_EXTERNAL_ID, value(query.field(), query.value())))
              .body();
    } catch (IntercomApiException e) {
      if (e.hasStatus(404)) {
        return List.of();
      }
      if (!e.hasStatus(410) || e.mergedIntoContactId() == null) {
        throw e;
      }
      // The user was merged into another contact: follow the Link once.
      mergedFrom = query.value();
      contact =
          calls
              .send(
                  IntercomRequest.get(
                      IntercomPaths.CONTACT, value(query.field(), e.mergedIntoContactId())))
              .body();
    }
    String role = (String) contact.get("role");
    if (mergedFrom == null && !matches(contact, query)) {
      return List.of();
    }
    return List.of(
        new FoundContact(String.valueOf(contact.get("id")), role, "external_id", mergedFrom));
  }
}
