/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The jar users drop into the official runtime image: it registers every task for service loading,
 * carries OkHttp relocated (so it cannot clash with the runtime's libraries) and leaves the
 * Connector SDK and Jackson to the runtime.
 */
@Order(0)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FatJarTest {

  @Test
  void theRuntimeJarIsSelfContainedAndRelocated() throws IOException {
    Path jar = fatJar();
    List<String> entries = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      file.stream().forEach(e -> entries.add(e.getName()));
      String services =
          new String(
              file.getInputStream(
                      file.getEntry(
                          "META-INF/services/io.camunda.connector.api.outbound.OutboundConnectorFunction"))
                  .readAllBytes());
      List<String> tasks = registeredTasks();
      assertThat(tasks).as("the connector's own services file").isNotEmpty();
      assertThat(services.lines().filter(l -> !l.isBlank()).toList())
          .as("every task registered in the jar")
          .containsExactlyInAnyOrderElementsOf(tasks);
      for (String task : tasks) {
        assertThat(entries).contains(task.replace('.', '/') + ".class");
      }
    }
    assertThat(entries)
        .contains("io/github/intercomconnector/shaded/okhttp3/OkHttpClient.class")
        .noneMatch(
            e -> e.startsWith("okhttp3/") || e.startsWith("okio/") || e.startsWith("kotlin/"))
        .noneMatch(e -> e.startsWith("io/camunda/") || e.startsWith("com/fasterxml/"));
  }

  /** The tasks the connector registers, from its source: nothing here lists them again. */
  private static List<String> registeredTasks() throws IOException {
    return Files.readAllLines(
            Path.of(
                "../connector/src/main/resources/META-INF/services/"
                    + "io.camunda.connector.api.outbound.OutboundConnectorFunction"))
        .stream()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static Path fatJar() {
    Path jar =
        Path.of(
            "../connector/target",
            "intercom-subscription-connector-"
                + System.getProperty("project.version")
                + "-with-dependencies.jar");
    assertThat(jar).as("the fat jar the reactor built").exists();
    return jar;
  }
}
