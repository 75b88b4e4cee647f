/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.camunda;

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
