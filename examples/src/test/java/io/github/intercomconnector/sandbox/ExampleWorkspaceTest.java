/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ids every test uses are the ids of the seed. */
class ExampleWorkspaceTest {

  final SandboxState seed = SandboxState.exampleWorkspace();

  @Test
  void theContactsAreTheSeedsContacts() {
    assertThat(seed.contact(ExampleWorkspace.ADA).get("email").asText())
        .isEqualTo("ada@example.com");
    assertThat(seed.contact(ExampleWorkspace.GRACE).get("email").asText())
        .isEqualTo("grace@example.com");
    assertThat(seed.contact(ExampleWorkspace.ALAN).get("external_id").asText())
        .isEqualTo("cust-1003");
    assertThat(seed.consents(ExampleWorkspace.ALAN))
        .isEqualTo(
            Map.of(
                ExampleWorkspace.PRODUCT_UPDATES, "opt_in",
                ExampleWorkspace.MARKETING_EMAILS, "opt_out"));
    assertThat(seed.contact(ExampleWorkspace.KATHERINE).get("role").asText()).isEqualTo("lead");
    assertThat(seed.contact(ExampleWorkspace.HEDY).get("email").asText())
        .isEqualTo(seed.contact(ExampleWorkspace.HEDY_LEAD).get("email").asText());
    assertThat(seed.contact(ExampleWorkspace.HEDY_LEAD).get("role").asText()).isEqualTo("lead");
    assertThat(seed.contact(ExampleWorkspace.MARGARET).get("unsubscribed_from_emails").asBoolean())
        .isTrue();
    assertThat(seed.mergedInto(ExampleWorkspace.GRACE_OLD_ACCOUNT))
        .isEqualTo(ExampleWorkspace.GRACE);
  }

  @Test
  void theSubscriptionTypesAreTheSeedsTypes() {
    assertThat(name(ExampleWorkspace.NEWSLETTERS)).isEqualTo("Newsletters");
    assertThat(name(ExampleWorkspace.PRODUCT_UPDATES)).isEqualTo("Product updates");
    assertThat(
            seed.subscriptionType(ExampleWorkspace.MARKETING_EMAILS).get("consent_type").asText())
        .isEqualTo("opt_out");
    assertThat(seed.subscriptionType(ExampleWorkspace.BETA_PROGRAM).get("state").asText())
        .isEqualTo("draft");
    assertThat(seed.subscriptionType(ExampleWorkspace.LEGACY_DIGEST).get("state").asText())
        .isEqualTo("archived");
  }

  private String name(String id) {
    ObjectNode type = seed.subscriptionType(id);
    return type.get("default_translation").get("name").asText();
  }
}
