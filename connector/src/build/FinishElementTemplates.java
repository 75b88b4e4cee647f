/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.intercomconnector.outbound.ErrorCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *   <li>a retry backoff of {@value #RETRY_BACKOFF} instead of none;
 *   <li>the codes a task can fail with in the error expression's help;
 *   <li>hybrid variants whose description says so, apart from their task in the chooser;
 *   <li>the FEEL mode of the fields whose mode is not the generator's default ({@link #FEEL}).
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

  /** How long the engine keeps a webhook's message: beyond the maximum age of a notification. */
  static final String MESSAGE_TTL = "PT1H";

  /**
   * What a new task does when several contacts match, by its purpose: a withdrawal (Detach), a
   * person's answer (Set consent, Set email opt-out), a subject access request (Get consent) and an
   * erasure must reach every record Intercom holds of the person, often a lead and a user with one
   * email; an Attach writes for one contact and fails so that the process decides. Diagrams without the field keep
   * failing, as before.
   */
  static String severalMatchesDefault(String templateId) {
    return templateId.startsWith("io.github.intercomconnector.attach-subscription")
        ? "fail"
        : "all";
  }

  /** Sets a hybrid variant apart from its task in the template chooser. */
  static final String HYBRID =
      "Hybrid: for a second copy of the connector, on a task type you set. ";

  /** The same for an event that hears Intercom (inbound). */
  static final String HYBRID_INBOUND =
      "Hybrid: for a second copy of the connector, on a connector type you set. ";

  /**
   * The error expression's help: the codes a task can fail with ({@code error.code}), which ones
   * only hand the job back to wait, and an expression that maps the rest. From {@link ErrorCodes},
   * so a new code shows here with the next build.
   */
  static final String ERROR_EXPRESSION_HELP =
      "Maps a failure to a BPMN error, e.g. =if list contains([\"INTERCOM_CONTACT_NOT_FOUND\","
          + " \"INTERCOM_NOT_FOUND\"], error.code) then bpmnError(error.code, error.message) else"
          + " null. error.code is one of: "
          + String.join(", ", ErrorCodes.ALL)
          + ". Let "
          + ErrorCodes.CONTACT_SEARCH_PENDING
          + " and "
          + ErrorCodes.RATE_LIMITED
          + " pass (null): they hand the job back to wait, its retries kept. Which task throws"
          + " which, and when: the README's Errors section.";

  /**
   * The FEEL mode of each field, by its input's name, where it is not the one the 8.8 generator
   * gives a field without {@code @TemplateProperty(feel = …)}: {@code optional} for a task's text
   * field, {@code static} for a boolean or number, none for the webhook's fields. The forms do not
   * set it: {@code feel}'s type, {@code io.camunda.connector.generator.dsl.Property.FeelMode}, is
   * gone from 8.9, and a form that names it cannot be bound on an 8.9+ runtime. Each entry must
   * match a field of some template.
   */
  static final Map<String, String> FEEL =
      Map.of(
          // a FEEL boolean, true or false (Set consent)
          "contactAgrees", "required",
          // gives opt_in or opt_out (Attach subscription)
          "consentTypeExpression", "required");

  private FinishElementTemplates() {}

  public static void main(String[] folders) throws IOException {
    int finished = 0;
    Set<String> feelSet = new HashSet<>();
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
        JsonNode finishedTemplate = finish((ObjectNode) template, feelSet);
        Files.writeString(
            file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(finishedTemplate));
        finished++;
      }
    }
    if (finished > 0 && !feelSet.containsAll(FEEL.keySet())) {
      throw new IllegalStateException(
          "FEEL modes set for fields no template has: "
              + FEEL.keySet().stream().filter(name -> !feelSet.contains(name)).sorted().toList());
    }
    System.out.println("element templates finished: " + finished);
  }

  static ObjectNode finish(ObjectNode template, Set<String> feelSet) {
    ObjectNode out = JSON.createObjectNode();
    JsonNode keywords = template.path("metadata").path("keywords");
    boolean hybrid = template.path("id").asText().endsWith("-hybrid");
    for (Map.Entry<String, JsonNode> field : template.properties()) {
      if (field.getKey().equals("keywords")) {
        continue; // placed below, after the description
      }
      out.set(field.getKey(), field.getValue());
      if (field.getKey().equals("description") && hybrid) {
        boolean inbound = template.toString().contains("\"inbound.type\"");
        out.put("description", (inbound ? HYBRID_INBOUND : HYBRID) + field.getValue().asText());
      }
      if (field.getKey().equals("description") && keywords.isArray()) {
        out.set("keywords", keywords.deepCopy());
      }
    }
    if (!out.has("keywords") && keywords.isArray()) {
      out.set("keywords", keywords.deepCopy());
    }
    // The notification's id is the message id that keeps duplicates out; an expression here
    // would replace it, so the webhook's templates do not offer one.
    for (var properties = out.path("properties").iterator(); properties.hasNext(); ) {
      if ("messageIdExpression".equals(properties.next().path("binding").path("name").asText())) {
        properties.remove();
      }
    }
    for (JsonNode property : (ArrayNode) out.path("properties")) {
      if ("zeebe:input".equals(property.path("binding").path("type").asText())) {
        ((ObjectNode) property).remove("optional");
      }
      if ("whenSeveralContactsMatch".equals(property.path("binding").path("name").asText())) {
        ((ObjectNode) property).put("value", severalMatchesDefault(template.path("id").asText()));
      }
      if ("errorExpression".equals(property.path("binding").path("key").asText())) {
        ((ObjectNode) property).put("description", ERROR_EXPRESSION_HELP);
      }
      String bound = property.path("binding").path("name").asText();
      if ("zeebe:input".equals(property.path("binding").path("type").asText())
          && FEEL.containsKey(bound)) {
        if (!property.has("feel")) {
          throw new IllegalStateException(
              "The generator gave " + bound + " no FEEL mode in " + template.path("id").asText());
        }
        ((ObjectNode) property).put("feel", FEEL.get(bound));
        feelSet.add(bound);
      }
      if ("messageTtl".equals(bound)) {
        ((ObjectNode) property)
            .put("value", MESSAGE_TTL)
            .put(
                "description",
                "ISO 8601 duration (default "
                    + MESSAGE_TTL
                    + "): the engine keeps the message this long and refuses another with the"
                    + " same notification id, so a retried or replayed notification starts or"
                    + " continues nothing twice, across restarts and runtimes. Keep it at least"
                    + " the runtime's maximum age of a notification (15 minutes by default).");
      }
      if ("resultVariable".equals(bound) && "zeebe:property".equals(property.path("binding").path("type").asText())) {
        ((ObjectNode) property)
            .put(
                "description",
                "Holds the change: topic, receives, subscriptionType, contact, happenedAt,"
                    + " notificationId, consentEvidence and Intercom's item (README: Consent"
                    + " changed).");
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
