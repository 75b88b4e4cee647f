/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.github.intercomconnector.steps.Erasures;
import io.github.intercomconnector.steps.Results;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every field of what the tasks return is in the README's result tables, by its JSON name. */
class ResultsReadmeTest {

  @Test
  void everyResultFieldIsDocumented() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    List<String> missing = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    List<Class<?>> records = new ArrayList<>(List.of(Results.class.getDeclaredClasses()));
    records.addAll(List.of(Erasures.class.getDeclaredClasses()));
    for (Class<?> type : records) {
      if (!type.isRecord()) {
        continue;
      }
      for (RecordComponent component : type.getRecordComponents()) {
        var accessor = component.getAccessor();
        if (accessor.isAnnotationPresent(JsonAnyGetter.class)
            || accessor.isAnnotationPresent(JsonUnwrapped.class)) {
          continue; // Intercom's own model, or a record documented field by field
        }
        JsonProperty renamed = accessor.getAnnotation(JsonProperty.class);
        String name = renamed != null ? renamed.value() : component.getName();
        seen.add(name);
        // as `name`, or within a path such as `contacts[].subscriptions[]`
        if (!Pattern.compile("[`.]" + Pattern.quote(name) + "[`.\\[]").matcher(readme).find()) {
          missing.add(type.getSimpleName() + "." + name);
        }
      }
    }
    assertThat(seen)
        .as("the records read")
        .contains("consentEvidence", "receivesSms", "answer", "erasureEvidence", "madeBy");
    assertThat(missing).as("result fields the README does not name").isEmpty();
  }
}
