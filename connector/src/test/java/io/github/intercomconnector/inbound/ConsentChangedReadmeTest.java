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
  void theReadmeStaysAManualOfAtMost520Lines() throws IOException {
    assertThat(Files.readAllLines(Path.of("../README.md"))).hasSizeLessThanOrEqualTo(520);
  }
}
