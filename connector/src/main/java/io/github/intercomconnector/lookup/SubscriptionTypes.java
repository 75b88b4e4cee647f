/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.client.IntercomPaths;
import io.github.intercomconnector.client.IntercomRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A workspace's subscription types, read with {@code GET /subscription_types} and kept per Intercom
 * app (base URL plus a token fingerprint, never the token) for {@link #TTL}. A name that is not in
 * the kept list makes one fresh read before the lookup fails.
 */
public final class SubscriptionTypes {

  /** How long a workspace's list is kept. */
  public static final Duration TTL = Duration.ofSeconds(60);

  private record TypesRead(List<Map<String, Object>> types, Instant readAt) {}

  private final Clock clock;
  private final ConcurrentMap<String, TypesRead> kept = new ConcurrentHashMap<>();

  public SubscriptionTypes(Clock clock) {
    this.clock = clock;
  }

  /** Every subscription type of the app's workspace, as Intercom models them. */
  public List<Map<String, Object>> all(IntercomCalls calls) {
    TypesRead list = kept.get(calls.settings().appKey());
    if (list == null || !clock.instant().isBefore(list.readAt().plus(TTL))) {
      list = read(calls);
    }
    return list.types();
  }

  /** The type with this id if this app's list is kept now, else null; never calls Intercom. */
  public Map<String, Object> kept(IntercomCalls calls, String id) {
    TypesRead list = kept.get(calls.settings().appKey());
    return list == null ? null : withId(list.types(), id);
  }

  /** The type with this id, or null when the workspace has none. */
  public Map<String, Object> byId(IntercomCalls calls, String id) {
    Map<String, Object> type = withId(all(calls), id);
    return type != null ? type : withId(read(calls).types(), id);
  }

  /**
   * The live type with this id, as a task that needs its consent model wants it.
   *
   * @throws LookupException when the workspace has no such type, or it is a draft or archived
   */
  public Map<String, Object> liveById(IntercomCalls calls, String id) {
    Map<String, Object> type = byId(calls, id);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("subscriptionTypeId", id);
    if (type == null) {
      List<String> names = liveNames(all(calls));
      details.put("knownNames", names);
      throw new LookupException(
          LookupException.Reason.SUBSCRIPTION_TYPE_NOT_FOUND,
          "no subscription type has the id '"
              + id
              + "'; the workspace's live types are: "
              + (names.isEmpty() ? "none" : String.join(", ", names)),
          details);
    }
    if (!"live".equals(type.get("state"))) {
      details.put("state", type.get("state"));
      throw new LookupException(
          LookupException.Reason.SUBSCRIPTION_TYPE_NOT_LIVE,
          "the subscription type "
              + id
              + " ('"
              + nameOf(type)
              + "') is "
              + type.get("state")
              + ", not live: Intercom sends no messages of it",
          details);
    }
    return type;
  }

  /** The live type an entry of a filter names, by its id or else by its name. */
  public Map<String, Object> liveByIdOrName(IntercomCalls calls, String entry) {
    return withId(all(calls), entry) != null ? liveById(calls, entry) : byName(calls, entry);
  }

  /**
   * The one live type with this name (default translation or any translation, trimmed, case
   * ignored).
   *
   * @throws LookupException when no type has the name, several live ones have it, or only drafts or
   *     archived types do
   */
  public Map<String, Object> byName(IntercomCalls calls, String name) {
    String wanted = normal(name);
    List<Map<String, Object>> types = all(calls);
    List<Map<String, Object>> named = named(types, wanted);
    if (named.isEmpty()) {
      types = read(calls).types(); // renamed or created moments ago?
      named = named(types, wanted);
    }
    List<Map<String, Object>> live =
        named.stream().filter(t -> "live".equals(t.get("state"))).toList();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("subscriptionTypeName", name.trim());
    if (live.size() == 1) {
      return live.get(0);
    }
    if (!live.isEmpty()) {
      List<String> ids = live.stream().map(t -> String.valueOf(t.get("id"))).toList();
      details.put("subscriptionTypeIds", ids);
      throw new LookupException(
          LookupException.Reason.SEVERAL_SUBSCRIPTION_TYPES,
          live.size()
              + " live subscription types are named '"
              + name.trim()
              + "': "
              + String.join(", ", ids)
              + "; choose one by its ID",
          details);
    }
    if (!named.isEmpty()) {
      Map<String, Object> type = named.get(0);
      details.put("subscriptionTypeId", String.valueOf(type.get("id")));
      details.put("state", type.get("state"));
      throw new LookupException(
          LookupException.Reason.SUBSCRIPTION_TYPE_NOT_LIVE,
          "the subscription type named '"
              + name.trim()
              + "' ("
              + type.get("id")
              + ") is "
              + type.get("state")
              + ", not live: Intercom sends no messages of it",
          details);
    }
    List<String> names = liveNames(types);
    details.put("knownNames", names);
    throw new LookupException(
        LookupException.Reason.SUBSCRIPTION_TYPE_NOT_FOUND,
        "no subscription type is named '"
            + name.trim()
            + "'; the workspace's live types are: "
            + (names.isEmpty() ? "none" : String.join(", ", names)),
        details);
  }

  /** The name a type shows by default, or its id when it has none. */
  public static String nameOf(Map<String, Object> type) {
    if (type.get("default_translation") instanceof Map<?, ?> t
        && t.get("name") instanceof String n) {
      return n;
    }
    return String.valueOf(type.get("id"));
  }

  private TypesRead read(IntercomCalls calls) {
    Map<String, Object> answer =
        calls.send(IntercomRequest.get(IntercomPaths.SUBSCRIPTION_TYPES)).body();
    List<Map<String, Object>> types = new ArrayList<>();
    if (answer.get("data") instanceof List<?> data) {
      for (Object item : data) {
        if (item instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> type = (Map<String, Object>) m;
          types.add(type);
        }
      }
    }
    TypesRead list = new TypesRead(List.copyOf(types), clock.instant());
    kept.put(calls.settings().appKey(), list);
    return list;
  }

  private static Map<String, Object> withId(List<Map<String, Object>> types, String id) {
    for (Map<String, Object> type : types) {
      if (Objects.equals(String.valueOf(type.get("id")), id)) {
        return type;
      }
    }
    return null;
  }

  private static List<Map<String, Object>> named(List<Map<String, Object>> types, String wanted) {
    return types.stream().filter(t -> names(t).contains(wanted)).toList();
  }

  /** Every name of a type, normalised: its default translation and all translations. */
  private static Set<String> names(Map<String, Object> type) {
    Set<String> names = new LinkedHashSet<>();
    if (type.get("default_translation") instanceof Map<?, ?> t
        && t.get("name") instanceof String n) {
      names.add(normal(n));
    }
    if (type.get("translations") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> t && t.get("name") instanceof String n) {
          names.add(normal(n));
        }
      }
    }
    return names;
  }

  private static List<String> liveNames(List<Map<String, Object>> types) {
    return types.stream()
        .filter(t -> "live".equals(t.get("state")))
        .map(SubscriptionTypes::nameOf)
        .toList();
  }

  private static String normal(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
