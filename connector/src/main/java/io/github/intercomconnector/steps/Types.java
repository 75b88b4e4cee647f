/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import io.github.intercomconnector.client.IntercomCalls;
import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.lookup.SubscriptionTypes;
import io.github.intercomconnector.lookup.TypeQuery;
import io.github.intercomconnector.model.ContentTypes;
import java.util.ArrayList;
import java.util.List;

/** Finding the subscription type(s) a task works on, by id or name, from the form. */
public final class Types {

  private final SubscriptionTypes types;

  /** Names types from the workspace's types as this runtime reads and keeps them. */
  public Types(SubscriptionTypes types) {
    this.types = types;
  }

  /**
   * The subscription type a query names. By id, without reading the workspace's types unless the
   * task needs the type's consent model ({@code full}); then the type must be live.
   */
  public SubscriptionType named(IntercomCalls calls, TypeQuery query, boolean full) {
    if (query.byName()) {
      return types.byName(calls, query.value());
    }
    return full ? types.liveById(calls, query.value()) : SubscriptionType.byId(query.value());
  }

  /**
   * The live types a Get consent reads: all, or those the filter names (ids or names, as the form
   * gives them), that send the kind of message ({@link ContentTypes}, as the form's check leaves
   * it).
   */
  public List<SubscriptionType> chosen(IntercomCalls calls, List<String> wanted, String kind) {
    List<SubscriptionType> chosen = new ArrayList<>();
    if (wanted.isEmpty()) {
      types.all(calls).stream().filter(SubscriptionType::live).forEach(chosen::add);
    } else {
      for (String entry : wanted) {
        SubscriptionType type = types.liveByIdOrName(calls, entry);
        if (chosen.stream().noneMatch(t -> t.id().equals(type.id()))) {
          chosen.add(type);
        }
      }
    }
    return chosen.stream()
        .filter(t -> kind.equals(ContentTypes.ANY) || t.contentTypes().contains(kind))
        .toList();
  }
}
