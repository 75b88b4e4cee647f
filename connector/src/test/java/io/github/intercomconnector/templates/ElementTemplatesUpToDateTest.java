/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The element templates in {@code element-templates/} are what the code generates: the build writes
 * its templates into {@code target/generated-element-templates} and this test compares.
 */
class ElementTemplatesUpToDateTest {

  private static final String HOW_TO_FIX =
      "The committed element templates differ from what the code generates. Regenerate them with"
          + " ./mvnw -pl connector process-classes -Pupdate-element-templates, raise the"
          + " @ElementTemplate version if the form changed, and commit element-templates/.";

  private final Path generated = Path.of(System.getProperty("element-templates.output"));
  private final Path committed = Path.of(System.getProperty("element-templates.committed"));
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void committedTemplatesMatchTheGeneratedOnes() throws IOException {
    List<Path> generatedFiles = templates(generated);
    assertThat(generatedFiles)
        .as("generated templates")
        .extracting(Path::toString)
        .contains(
            "intercom-attach-subscription.json",
            "intercom-detach-subscription.json",
            "hybrid/intercom-attach-subscription-hybrid.json",
            "hybrid/intercom-detach-subscription-hybrid.json");
    for (Path file : generatedFiles) {
      Path mine = committed.resolve(file);
      assertThat(mine).as(HOW_TO_FIX + " Missing: " + file).exists();
      JsonNode expected = json.readTree(generated.resolve(file).toFile());
      JsonNode actual = json.readTree(mine.toFile());
      assertThat(actual).as(HOW_TO_FIX + " Differs: " + file).isEqualTo(expected);
    }
    List<Path> committedCurrent =
        templates(committed).stream().filter(p -> !p.startsWith("versioned")).toList();
    assertThat(committedCurrent)
        .as(HOW_TO_FIX + " Committed templates the code no longer generates")
        .containsExactlyInAnyOrderElementsOf(generatedFiles);
  }

  @Test
  void everyEarlierVersionIsKeptInVersioned() throws IOException {
    Path versioned = committed.resolve("versioned");
    List<Path> current = templates(committed).stream().filter(p -> p.getNameCount() == 1).toList();
    assertThat(current).isNotEmpty();
    int kept = 0;
    for (Path file : current) {
      JsonNode template = json.readTree(committed.resolve(file).toFile());
      String stem = file.toString().replace(".json", "");
      int version = template.get("version").asInt();
      for (int earlier = 1; earlier < version; earlier++) {
        Path old = versioned.resolve(stem + "-" + earlier + ".json");
        assertThat(old).as("version %d of %s, for diagrams made with it", earlier, stem).exists();
        JsonNode oldTemplate = json.readTree(old.toFile());
        assertThat(oldTemplate.get("id")).isEqualTo(template.get("id"));
        assertThat(oldTemplate.get("version").asInt()).isEqualTo(earlier);
        kept++;
      }
    }
    assertThat(templates(versioned)).as("versioned templates of current ones").hasSize(kept);
  }

  /** The error expression's help in the Modeler names every code a task can fail with. */
  @Test
  void everyCurrentTemplateNamesTheErrorCodesWhereTheErrorExpressionIsWritten() throws IOException {
    for (Path file : currentTaskTemplates()) {
      JsonNode template = json.readTree(committed.resolve(file).toFile());
      String help = null;
      for (JsonNode property : template.get("properties")) {
        if ("errorExpression".equals(property.path("binding").path("key").asText())) {
          help = property.path("description").asText();
        }
      }
      assertThat(help).as("the error expression's help in %s", file).isNotNull();
      for (String code : io.github.intercomconnector.outbound.ErrorCodes.ALL) {
        assertThat(help).as("%s names %s", file, code).contains(code);
      }
    }
  }

  /**
   * Every property the Modeler shows sits in a group: one without (a constant the generator took
   * for a field, as MAX_TEXT once was) lands under "Custom properties", where nobody expects it.
   */
  @Test
  void everyShownPropertyOfEveryCurrentTemplateHasAGroup() throws IOException {
    List<Path> current =
        templates(committed).stream().filter(p -> !p.startsWith("versioned")).toList();
    // Each task a plain and a hybrid template; the event four of each (its four kinds of element).
    assertThat(current).hasSize(2 * registeredTasks() + 8);
    for (Path file : current) {
      JsonNode template = json.readTree(committed.resolve(file).toFile());
      List<String> groups = new java.util.ArrayList<>();
      template.path("groups").forEach(g -> groups.add(g.path("id").asText()));
      for (JsonNode property : template.get("properties")) {
        if ("Hidden".equals(property.path("type").asText())) {
          continue;
        }
        assertThat(property.path("group").asText())
            .as("the group of %s in %s", property.path("id").asText(), file)
            .isIn(groups);
      }
    }
  }

  /** Withdrawals, answers and subject access requests reach every match; an Attach fails. */
  @Test
  void theSeveralMatchesDefaultFitsEachTasksPurpose() throws IOException {
    for (Path file :
        templates(committed).stream().filter(p -> !p.startsWith("versioned")).toList()) {
      JsonNode template = json.readTree(committed.resolve(file).toFile());
      String expected =
          template.get("id").asText().contains("attach-subscription") ? "fail" : "all";
      for (JsonNode property : template.get("properties")) {
        if ("whenSeveralContactsMatch".equals(property.path("binding").path("name").asText())) {
          assertThat(property.path("value").asText()).as("%s", file).isEqualTo(expected);
        }
      }
    }
  }

  /** In an outage, retries back to back would make the task an incident within seconds. */
  @Test
  void everyCurrentTemplateWaitsBetweenRetries() throws IOException {
    List<Path> current = currentTaskTemplates();
    assertThat(current).hasSize(2 * registeredTasks());
    for (Path file : current) {
      JsonNode template = json.readTree(committed.resolve(file).toFile());
      List<String> backoffs = new java.util.ArrayList<>();
      for (JsonNode property : template.get("properties")) {
        if ("retryBackoff".equals(property.path("binding").path("key").asText())) {
          backoffs.add(property.path("value").asText());
        }
      }
      assertThat(backoffs).as("the retry backoff of %s", file).containsExactly("PT30S");
    }
  }

  /** The current templates of the four tasks and their hybrid variants (not the events). */
  private List<Path> currentTaskTemplates() throws IOException {
    return templates(committed).stream()
        .filter(p -> !p.startsWith("versioned"))
        .filter(p -> !p.getFileName().toString().startsWith("intercom-consent-changed"))
        .toList();
  }

  /** The events that hear Intercom: every element type, each with its hybrid variant. */
  @Test
  void consentChangedExistsForEveryEventWithItsHybridVariant() throws IOException {
    List<String> expected = new java.util.ArrayList<>();
    for (String element : List.of("boundary", "intermediate", "message-start", "start")) {
      expected.add("hybrid/intercom-consent-changed-" + element + "-hybrid.json");
      expected.add("intercom-consent-changed-" + element + ".json");
    }
    List<String> found =
        templates(committed).stream()
            .filter(p -> !p.startsWith("versioned"))
            .map(Path::toString)
            .filter(p -> p.contains("intercom-consent-changed"))
            .toList();
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    for (String file : expected) {
      JsonNode template = json.readTree(committed.resolve(file).toFile());
      String type = null;
      for (JsonNode property : template.get("properties")) {
        if ("inbound.type".equals(property.path("binding").path("name").asText())) {
          type = property.path("value").asText();
        }
      }
      assertThat(type).as(file).isEqualTo("io.github.intercomconnector:consent-changed:1");
    }
  }

  /**
   * The message events' templates keep a message an hour, beyond a notification's maximum age, and
   * offer no message id expression, which would replace the notification id that keeps duplicates
   * out.
   */
  @Test
  void consentChangedKeepsItsMessagesBeyondTheMaximumAgeAndTheNotificationIdAsMessageId()
      throws IOException {
    for (String element : List.of("boundary", "intermediate", "message-start")) {
      for (String file :
          List.of(
              "intercom-consent-changed-" + element + ".json",
              "hybrid/intercom-consent-changed-" + element + "-hybrid.json")) {
        JsonNode template = json.readTree(committed.resolve(file).toFile());
        List<String> ttl = new java.util.ArrayList<>();
        for (JsonNode property : template.get("properties")) {
          String bound = property.path("binding").path("name").asText();
          assertThat(bound).as(file).isNotEqualTo("messageIdExpression");
          if ("messageTtl".equals(bound)) {
            ttl.add(property.path("value").asText());
          }
        }
        assertThat(ttl).as(file).containsExactly("PT1H");
      }
    }
  }

  private static List<Path> templates(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .map(root::relativize)
          .sorted()
          .toList();
    }
  }

  /** The tasks the jar registers: the lines of the services file that name a class. */
  private static int registeredTasks() throws IOException {
    return (int)
        Files.readAllLines(
                Path.of(
                    "src/main/resources/META-INF/services/"
                        + "io.camunda.connector.api.outbound.OutboundConnectorFunction"))
            .stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .count();
  }
}
