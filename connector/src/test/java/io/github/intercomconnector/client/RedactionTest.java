/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token is scrubbed as is and base64-encoded, deep inside answers too. */
class RedactionTest {

  static final String TOKEN = "tok_TEST_never_log_me_>>>?"; // base64 and base64url differ
  static final String B64 =
      Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
  static final String B64URL =
      Base64.getUrlEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));

  @Test
  void everyFormOfTheTokenIsKnown() {
    assertThat(B64).isNotEqualTo(B64URL).endsWith("=");
    assertThat(Redaction.forms(TOKEN))
        .containsExactly(TOKEN, B64, B64.replace("=", ""), B64URL, B64URL.replace("=", ""));
    assertThat(Redaction.forms("tok_1234")).hasSize(3); // base64 and base64url are the same here
    assertThat(Redaction.forms("short")).containsExactly("short");
    assertThat(Redaction.forms("")).isEmpty();
    assertThat(Redaction.forms(null)).isEmpty();
  }

  @Test
  void textIsScrubbedOfEveryForm() {
    assertThat(Redaction.scrub("Bearer " + TOKEN + " given", TOKEN))
        .isEqualTo("Bearer [REDACTED] given");
    assertThat(Redaction.scrub("Basic " + B64, TOKEN)).isEqualTo("Basic [REDACTED]");
    assertThat(Redaction.scrub("u=" + B64URL.replace("=", "") + "&x", TOKEN))
        .isEqualTo("u=[REDACTED]&x");
    assertThat(Redaction.scrub("nothing here", TOKEN)).isEqualTo("nothing here");
    assertThat(Redaction.scrub((String) null, TOKEN)).isNull();
    assertThat(Redaction.scrub("t " + TOKEN, (String) null)).isEqualTo("t " + TOKEN);
  }

  @Test
  void holdsTellsWhetherAnyFormIsThere() {
    assertThat(Redaction.holds("x" + TOKEN, TOKEN)).isTrue();
    assertThat(Redaction.holds("x" + B64URL.replace("=", ""), TOKEN)).isTrue();
    assertThat(Redaction.holds("clean", TOKEN)).isFalse();
    assertThat(Redaction.holds(null, TOKEN)).isFalse();
    assertThat(Redaction.holds("clean", (String) null)).isFalse();
  }

  @Test
  void nestedValuesAndKeysAreScrubbed() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("echo", "token " + B64);
    inner.put("n", 7);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("message", "Bearer " + TOKEN);
    map.put(TOKEN, "as a key");
    map.put("list", List.of("a " + TOKEN, 1, List.of(TOKEN), inner));
    map.put("nothing", null);

    Map<String, Object> scrubbed = Redaction.scrub(map, TOKEN);

    assertThat(scrubbed.toString()).doesNotContain(TOKEN).doesNotContain(B64.replace("=", ""));
    assertThat(scrubbed)
        .containsEntry("message", "Bearer [REDACTED]")
        .containsEntry("[REDACTED]", "as a key")
        .containsEntry("nothing", null)
        .containsEntry(
            "list",
            List.of(
                "a [REDACTED]",
                1,
                List.of("[REDACTED]"),
                Map.of("echo", "token [REDACTED]", "n", 7)));
  }
}
