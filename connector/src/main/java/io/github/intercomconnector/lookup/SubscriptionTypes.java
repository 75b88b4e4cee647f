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
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  private record TypesRead(List<SubscriptionType> types, Instant readAt) {}

  private final Clock clock;
  private final ConcurrentMap<String, TypesRead> kept = new ConcurrentHashMap<>();

  public SubscriptionTypes(Clock clock) {
    this.clock = clock;
  }

  /** Every subscription type of the app's workspace, as Intercom models them. */
  public List<SubscriptionType> all(IntercomCalls calls) {
    TypesRead list = kept.get(calls.settings().appKey());
    if (list == null || !clock.instant().isBefore(list.readAt().plus(TTL))) {
      list = read(calls);
    }
    return list.types();
  }

  /** The type with this id if this app's list is kept now, else null; never calls Intercom. */
  public SubscriptionType kept(IntercomCalls calls, String id) {
    TypesRead list = kept.get(calls.settings().appKey());
    return list == null ? null : withId(list.types(), id);
  }

  /** The type with this id, or null when the workspace has none. */
  public SubscriptionType byId(IntercomCalls calls, String id) {
    SubscriptionType type = withId(all(calls), id);
    return type != null ? type : withId(read(calls).types(), id);
  }

  /**
   * The live type with this id, as a task that needs its consent model wants it.
   *
   * @throws LookupException when the workspace has no such type, or it is a draft or archived
   */
  public SubscriptionType liveById(IntercomCalls calls, String id) {
    SubscriptionType type = byId(calls, id);
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
    if (!type.live()) {
      details.put("state", type.model().get("state"));
      throw new LookupException(
          LookupException.Reason.SUBSCRIPTION_TYPE_NOT_LIVE,
          "the subscription type "
              + id
              + " ('"
              + type.shownName()
              + "') is "
              + type.model().get("state")
              + ", not live: Intercom sends no messages of it",
          details);
    }
    return type;
  }

  /** The live type an entry of a filter names, by its id or else by its name. */
  public SubscriptionType liveByIdOrName(IntercomCalls calls, String entry) {
    return withId(all(calls), entry) != null ? liveById(calls, entry) : byName(calls, entry);
  }

  /**
   * The one live type with this name (default translation or any translation, trimmed, case
   * ignored).
   *
   * @throws LookupException when no type has the name, several live ones have it, or only drafts or
   *     archived types do
   */
  public SubscriptionType byName(IntercomCalls calls, String name) {
    String wanted = SubscriptionType.normal(name);
    List<SubscriptionType> types = all(calls);
    List<SubscriptionType> named = named(types, wanted);
    if (named.isEmpty()) {
      types = read(calls).types(); // renamed or created moments ago?
      named = named(types, wanted);
    }
    List<SubscriptionType> live = named.stream().filter(SubscriptionType::live).toList();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("subscriptionTypeName", name.trim());
    if (live.size() == 1) {
      return live.get(0);
    }
    if (!live.isEmpty()) {
      List<String> ids = live.stream().map(SubscriptionType::id).toList();
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
      SubscriptionType type = named.get(0);
      details.put("subscriptionTypeId", type.id());
      details.put("state", type.model().get("state"));
      throw new LookupException(
          LookupException.Reason.SUBSCRIPTION_TYPE_NOT_LIVE,
          "the subscription type named '"
              + name.trim()
              + "' ("
              + type.model().get("id")
              + ") is "
              + type.model().get("state")
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

  private TypesRead read(IntercomCalls calls) {
    Map<String, Object> answer =
        calls.send(IntercomRequest.get(IntercomPaths.SUBSCRIPTION_TYPES)).body();
    List<SubscriptionType> types = new ArrayList<>();
    if (answer.get("data") instanceof List<?> data) {
      for (Object item : data) {
        if (item instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> model = (Map<String, Object>) m;
          types.add(SubscriptionType.of(model));
        }
      }
    }
    TypesRead list = new TypesRead(List.copyOf(types), clock.instant());
    kept.put(calls.settings().appKey(), list);
    return list;
  }

  private static SubscriptionType withId(List<SubscriptionType> types, String id) {
    for (SubscriptionType type : types) {
      if (Objects.equals(type.id(), id)) {
        return type;
      }
    }
    return null;
  }

  private static List<SubscriptionType> named(List<SubscriptionType> types, String wanted) {
    return types.stream().filter(t -> t.names().contains(wanted)).toList();
  }

  private static List<String> liveNames(List<SubscriptionType> types) {
    return types.stream().filter(SubscriptionType::live).map(SubscriptionType::shownName).toList();
  }
}
