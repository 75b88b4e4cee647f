/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Intercom client is a library of its own: nothing in it refers to Camunda. */
class ClientKnowsNothingOfCamundaTest {

  private static List<Path> files(String dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(dir))) {
      return files.filter(f -> f.toString().endsWith(suffix)).toList();
    }
  }

  @Test
  void noSourceFileImportsCamunda() throws IOException {
    List<Path> sources = files("src/main/java/io/github/intercomconnector/client", ".java");
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      assertThat(Files.readString(source)).as(source.toString()).doesNotContain("io.camunda");
    }
  }

  @Test
  void noCompiledClassRefersToCamundaOrTheConnector() throws IOException {
    List<Path> classes = files("target/classes/io/github/intercomconnector/client", ".class");
    assertThat(classes).isNotEmpty();
    for (Path file : classes) {
      String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(constants)
          .as(file.toString())
          .doesNotContain("io/camunda/")
          .doesNotContain("io/github/intercomconnector/model/");
    }
  }
}
