/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import io.github.intercomconnector.client.ApiVersions;

/** Values of the Intercom-Version dropdown that code refers to. */
public final class IntercomVersions {
  /** The newest stable version when this connector was released. */
  public static final String DEFAULT = ApiVersions.NEWEST_STABLE;

  /** Dropdown value that reveals the free-text "Other Intercom-Version" field. */
  public static final String OTHER = "other";

  private IntercomVersions() {}
}
