/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A subscription type as the connector reads it from Intercom's JSON. */
class SubscriptionTypeTest {

  @Test
  void theContentTypesOfATypeAreThoseItLists() {
    assertThat(
            SubscriptionType.of(
                    Map.of("id", "108", "content_types", List.of("email", "sms_message")))
                .contentTypes())
        .containsExactly("email", "sms_message");
    assertThat(SubscriptionType.of(Map.of("id", "108")).contentTypes()).isEmpty();
  }
}
