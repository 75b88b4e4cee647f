/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One jar for Camunda 8.8, 8.9 and 8.10: no class of the jar names a type of the 8.8 template
 * generator's {@code io.camunda.connector.generator.dsl}, which 8.9 left without {@code
 * Property.FeelMode} and {@code BpmnType} (moved to {@code
 * io.camunda.connector.generator.java.annotation}). An annotation member of such a type, e.g.
 * {@code @TemplateProperty(feel = FeelMode.optional)}, cannot be read on an 8.9+ runtime: Jackson
 * reads a form's annotations when it binds a job's variables, and every job would fail ({@code
 * TypeNotPresentException}). The FEEL modes are set by {@code
 * connector/src/build/FinishElementTemplates.java}, the webhook's element types by {@code
 * connector/src/build/ConsentChangedTemplate.java}, both outside the jar.
 */
class OneJarTest {

  static final Path CLASSES = Path.of("target/classes");
  static final String GENERATOR_DSL = "io/camunda/connector/generator/dsl/";

  @Test
  void noClassOfTheJarNamesTheGeneratorsDslPackage() throws IOException {
    List<Path> classes;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    assertThat(classes).as("the classes in %s", CLASSES).hasSizeGreaterThan(50);
    List<String> naming =
        classes.stream()
            .filter(file -> constants(file).contains(GENERATOR_DSL))
            .map(file -> CLASSES.relativize(file).toString())
            .toList();
    assertThat(naming)
        .as(
            "classes that name %s (FeelMode, BpmnType: gone from Camunda 8.9; set them in"
                + " connector/src/build instead, see docs/development.md, Camunda 8.9 and 8.10)",
            GENERATOR_DSL)
        .isEmpty();
  }

  /** The class file as text: its constant pool holds every type it names, annotations' too. */
  private static String constants(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }
}
