/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

/**
 * The calls of one piece of work to one Intercom app: the settings are bound, so lookups and
 * changes all go the same way, and a caller can record what each call answered.
 */
public interface IntercomCalls {

  /** Sends one call with the bound settings. */
  IntercomResponse send(IntercomRequest request);

  /** The settings every call uses. */
  IntercomSettings settings();
}
