/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documented error codes are exactly the ones the connector can fail with. */
class ErrorCodesTest {

  @Test
  void theReadmeTableListsEveryCodeAndNoOther() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    Matcher rows = Pattern.compile("(?m)^\\| `(INTERCOM_[A-Z_]+)` \\|").matcher(readme);
    List<String> documented = new ArrayList<>();
    while (rows.find()) {
      documented.add(rows.group(1));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(ErrorCodes.ALL);
  }

  /**
   * No code in the README's text that the connector cannot fail with: every INTERCOM_ word is a
   * code, a secret's name or a runtime setting ({@code INTERCOM_CONNECTOR_…}).
   */
  @Test
  void theReadmeNamesNoOtherCodeAnywhere() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    Matcher words = Pattern.compile("(?<![A-Z_])INTERCOM_[A-Z_]*[A-Z]").matcher(readme);
    List<String> others = new ArrayList<>();
    while (words.find()) {
      String word = words.group();
      if (!ErrorCodes.ALL.contains(word)
          && !List.of("INTERCOM_ACCESS_TOKEN", "INTERCOM_CLIENT_SECRET").contains(word)
          && !word.startsWith("INTERCOM_CONNECTOR_")) {
        others.add(word);
      }
    }
    assertThat(others).as("INTERCOM_ words in the README that are no error code").isEmpty();
  }

  /**
   * Every code is produced somewhere in the connector's code (a code no failure maps to would be
   * documented in vain), and the tasks' code names no INTERCOM_ code outside {@link ErrorCodes}.
   * The event ({@code inbound/}) fails no job: it answers HTTP statuses and reports its health.
   */
  @Test
  void everyCodeIsProducedAndNoOtherIs() throws Exception {
    Path main = Path.of("src/main/java/io/github/intercomconnector");
    StringBuilder code = new StringBuilder();
    List<String> literals = new ArrayList<>();
    try (var files = Files.walk(main)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (file.getFileName().toString().equals("ErrorCodes.java")
            || main.relativize(file).startsWith("inbound")) {
          continue;
        }
        String text = Files.readString(file);
        code.append(text);
        Matcher m = Pattern.compile("\"(INTERCOM_[A-Z_]+)\"").matcher(text);
        while (m.find()) {
          literals.add(file.getFileName() + ": " + m.group(1));
        }
      }
    }
    for (var field : ErrorCodes.class.getFields()) {
      if (field.getType() == String.class) {
        assertThat(code.toString())
            .as("a failure that maps to %s (ErrorCodes.%s)", field.get(null), field.getName())
            .containsPattern("ErrorCodes\\." + field.getName() + "\\b");
      }
    }
    assertThat(literals).as("codes written out instead of taken from ErrorCodes").isEmpty();
  }

  @Test
  void everyCodeIsAPublicConstantListedOnce() throws Exception {
    List<String> constants = new ArrayList<>();
    for (var field : ErrorCodes.class.getFields()) {
      if (field.getType() == String.class) {
        constants.add((String) field.get(null));
      }
    }
    assertThat(ErrorCodes.ALL)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(constants);
  }
}
