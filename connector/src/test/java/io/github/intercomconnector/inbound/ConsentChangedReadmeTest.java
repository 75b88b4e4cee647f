/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README documents the event as built: every variable, every form field, every answer. */
class ConsentChangedReadmeTest {

  private static String section() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("\n## Intercom: Consent changed\n");
    assertThat(start).as("the README's section for the event").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end);
  }

  @Test
  void everyVariableTheProcessReceivesIsInTheReadme() throws IOException {
    String section = section();
    for (RecordComponent field : ConsentChange.class.getRecordComponents()) {
      assertThat(section)
          .as("the README names %s", field.getName())
          .contains("`" + field.getName() + "`");
    }
    for (RecordComponent field : ConsentChange.ContactSeen.class.getRecordComponents()) {
      assertThat(section).contains("`" + field.getName() + "`");
    }
    for (RecordComponent field : ConsentChange.SubscriptionTypeSeen.class.getRecordComponents()) {
      assertThat(section).contains("`" + field.getName() + "`");
    }
  }

  @Test
  void everyFormFieldAndTopicIsInTheReadme() throws IOException {
    String section = section();
    for (RecordComponent field : ConsentChangedProperties.class.getRecordComponents()) {
      assertThat(section).contains("`inbound." + field.getName() + "`");
    }
    for (String topic : ConsentTopics.KNOWN) {
      assertThat(section).contains("`" + topic + "`");
    }
    assertThat(section).contains("1 MiB").contains("3 s").contains("10,000 ids for an hour");
    assertThat(ConsentChangedWebhook.MAX_BODY_BYTES).isEqualTo(1024 * 1024);
    assertThat(ConsentChangedWebhook.ANSWER_WITHIN).hasSeconds(3);
    assertThat(ConsentChangedWebhook.DELIVERED_REMEMBERED).isEqualTo(10_000);
    assertThat(ConsentChangedWebhook.DELIVERED_FOR).hasHours(1);
  }

  @Test
  void theReadmeStaysAManualOfAtMost560Lines() throws IOException {
    assertThat(Files.readAllLines(Path.of("../README.md"))).hasSizeLessThanOrEqualTo(560);
  }

  /**
   * Every field the Modeler shows for the event, in each of its templates, is in the section: its
   * own fields ({@code inbound.*}) as table rows with their binding, choices and default; the
   * fields every inbound connector has by their label, with their default.
   */
  @Test
  void everyFieldOfTheEventsTemplatesIsInTheReadmeWithItsDefault() throws IOException {
    String section = section();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Path committed =
        Path.of(System.getProperty("element-templates.committed", "../element-templates"));
    for (String kind : java.util.List.of("message-start", "start", "intermediate", "boundary")) {
      var template =
          json.readTree(committed.resolve("intercom-consent-changed-" + kind + ".json").toFile());
      for (var property : template.get("properties")) {
        if ("Hidden".equals(property.path("type").asText())) {
          continue;
        }
        String binding = property.path("binding").path("name").asText();
        String label = property.path("label").asText();
        String value = property.path("value").asText(null);
        if (binding.startsWith("inbound.")) {
          String row =
              section
                  .lines()
                  .filter(line -> line.startsWith("| " + label + " | `" + binding + "` |"))
                  .findFirst()
                  .orElse(null);
          assertThat(row).as("the README's row for %s (%s)", binding, kind).isNotNull();
          for (var choice : property.path("choices")) {
            assertThat(row).contains("`" + choice.path("value").asText() + "`");
          }
          if (value != null && !value.contains(",")) {
            assertThat(row).as("the default of %s", binding).endsWith("| `" + value + "` |");
          }
          if (value != null && value.contains(",")) {
            for (String topic : value.split(", ")) {
              assertThat(row).contains("`" + topic + "`");
            }
            assertThat(row).endsWith("| the first four |");
          }
        } else {
          String word = label.replaceAll(" \\(.*\\)", "").toLowerCase(java.util.Locale.ROOT);
          assertThat(section.replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT))
              .as("the README names %s (%s)", label, kind)
              .contains(word);
          if (value != null) {
            assertThat(section).as("the default of %s", label).contains("`" + value + "`");
          }
        }
      }
    }
  }
}
