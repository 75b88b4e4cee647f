/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

/**
 * How to find the subscription type a task works on.
 *
 * @param byName whether the value is a name (in any translation) rather than Intercom's id
 * @param value the id or the name, trimmed
 */
public record TypeQuery(boolean byName, String value) {}
