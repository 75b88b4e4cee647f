/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static io.github.intercomconnector.client.IntercomRequest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** One call as the steps describe it: its documented path, its values, how it names itself. */
class IntercomRequestTest {

  static final String PATH = "/contacts/{contact_id}/subscriptions/{id}";

  @Test
  void everyCallOfAMethodAndPathNamesItselfWithOneText() {
    String first = IntercomRequest.delete(PATH, value("a", "c-1"), value("b", "1")).describe();
    String second = IntercomRequest.delete(PATH, value("a", "c-2"), value("b", "2")).describe();

    assertThat(first).isEqualTo("DELETE " + PATH);
    assertThat(second).as("kept, not joined again").isSameAs(first);
    assertThat(IntercomRequest.get(PATH, value("a", "c-1"), value("b", "1")).describe())
        .isEqualTo("GET " + PATH);
  }

  @Test
  void aKeptShapeServesTheValuesOfEachCall() {
    HttpUrl base = HttpUrl.get("https://api.intercom.io/");
    IntercomRequest.get(PATH, value("a", "c-1"), value("b", "1")).url(base);

    assertThat(IntercomRequest.get(PATH, value("a", "c-2"), value("b", "2")).url(base).toString())
        .isEqualTo("https://api.intercom.io/contacts/c-2/subscriptions/2");
    assertThatThrownBy(() -> IntercomRequest.get(PATH, value("a", "c-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 placeholders, got 1");
  }
}
