/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

/** Links from the Modeler's documentation button to the README's sections. */
final class ConnectorDocs {
  static final String README =
      "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
          + "#readme";
  static final String ATTACH =
      "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
          + "#intercom-attach-subscription";
  static final String DETACH =
      "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
          + "#intercom-detach-subscription";

  static final String SET_CONSENT =
      "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
          + "#intercom-set-consent";
  static final String GET_CONSENT =
      "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
          + "#intercom-get-consent";
  static final String ERASE_CONTACT =
      "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
          + "#intercom-erase-contact";
  static final String SET_EMAIL_OPT_OUT =
      "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
          + "#intercom-set-email-opt-out";

  private ConnectorDocs() {}
}
