/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Completes the element templates the 8.8 generator writes with what it cannot express, the same
 * way on every build:
 *
 * <ul>
 *   <li>top-level {@code keywords}, which the Modeler's template chooser and append menu search
 *       (the generator writes them to {@code metadata.keywords} only);
 *   <li>no {@code optional} on {@code zeebe:input} bindings, deprecated for Camunda 8.8+: an empty
 *       field becomes an empty input mapping, which the engine resolves to null;
 *   <li>a retry backoff of {@value #RETRY_BACKOFF} instead of none.
 * </ul>
 *
 * <p>Usage (run by the build after the generator): {@code java -cp <classpath>
 * FinishElementTemplates.java <folder>...}. Every {@code .json} file below each folder is
 * rewritten in place.
 */
public final class FinishElementTemplates {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The retry backoff a new task gets. The generator's default is no pause at all, so in an outage
   * the job's retries run back to back and the task becomes an incident within seconds.
   */
  static final String RETRY_BACKOFF = "PT30S";

  private FinishElementTemplates() {}

  public static void main(String[] folders) throws IOException {
    int finished = 0;
    for (String folder : folders) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(Path.of(folder))) {
        // Earlier versions are kept as they were released: only current templates are finished.
        files =
            walk.filter(f -> f.toString().endsWith(".json"))
                .filter(f -> !f.toString().contains("versioned"))
                .sorted()
                .toList();
      }
      for (Path file : files) {
        JsonNode template = JSON.readTree(file.toFile());
        JsonNode finishedTemplate = finish((ObjectNode) template);
        Files.writeString(
            file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(finishedTemplate));
        finished++;
      }
    }
    System.out.println("element templates finished: " + finished);
  }

  static ObjectNode finish(ObjectNode template) {
    ObjectNode out = JSON.createObjectNode();
    JsonNode keywords = template.path("metadata").path("keywords");
    for (Map.Entry<String, JsonNode> field : template.properties()) {
      if (field.getKey().equals("keywords")) {
        continue; // placed below, after the description
      }
      out.set(field.getKey(), field.getValue());
      if (field.getKey().equals("description") && keywords.isArray()) {
        out.set("keywords", keywords.deepCopy());
      }
    }
    if (!out.has("keywords") && keywords.isArray()) {
      out.set("keywords", keywords.deepCopy());
    }
    for (JsonNode property : (ArrayNode) out.path("properties")) {
      if ("zeebe:input".equals(property.path("binding").path("type").asText())) {
        ((ObjectNode) property).remove("optional");
      }
      if ("retryBackoff".equals(property.path("binding").path("key").asText())) {
        ((ObjectNode) property)
            .put("value", RETRY_BACKOFF)
            .put(
                "description",
                "ISO 8601 duration to wait between retries (default "
                    + RETRY_BACKOFF
                    + "): retries that follow one another at once turn a short outage of"
                    + " Intercom into an incident within seconds.");
      }
    }
    return out;
  }
}
