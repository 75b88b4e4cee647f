/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.outbound.IntercomTask;
import java.io.InputStream;
import java.lang.annotation.AnnotationTypeMismatchException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A task is its form record, one service method and a thin task class: everything else that must
 * name the task is checked here, so that a new task cannot be half added (see the README's "A new
 * task" checklist).
 */
class TaskCatalogTest {

  static final String SERVICES =
      "META-INF/services/io.camunda.connector.api.outbound.OutboundConnectorFunction";

  static List<Class<?>> registeredTasks() throws Exception {
    List<Class<?>> tasks = new ArrayList<>();
    try (InputStream in = TaskCatalogTest.class.getClassLoader().getResourceAsStream(SERVICES)) {
      assertThat(in).as(SERVICES).isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          tasks.add(Class.forName(line.trim()));
        }
      }
    }
    return tasks;
  }

  @Test
  void everyTaskClassIsRegisteredForServiceLoading() throws Exception {
    Path classes = Path.of("target/classes/io/github/intercomconnector");
    List<Class<?>> annotated = new ArrayList<>();
    try (Stream<Path> files = Files.list(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = file.getFileName().toString().replace(".class", "");
        Class<?> type = Class.forName("io.github.intercomconnector." + name);
        if (type.isAnnotationPresent(OutboundConnector.class)) {
          annotated.add(type);
        }
      }
    }
    assertThat(annotated).isNotEmpty();
    assertThat(registeredTasks()).containsExactlyInAnyOrderElementsOf(annotated);
  }

  @Test
  void eachTaskFetchesExactlyTheFieldsOfItsForm() throws Exception {
    for (Class<?> task : registeredTasks()) {
      assertThat(IntercomTask.class).isAssignableFrom(task);
      IntercomTask<?> instance = (IntercomTask<?>) task.getConstructor().newInstance();
      Class<?> form = instance.form();
      OutboundConnector connector = task.getAnnotation(OutboundConnector.class);
      ElementTemplate template = task.getAnnotation(ElementTemplate.class);
      List<String> fields = fields(form);
      assertThat(connector.inputVariables())
          .as("%s: @OutboundConnector(inputVariables) must list every field of %s", task, form)
          .containsExactlyInAnyOrderElementsOf(fields);
      List<Object> declared = declaredForms(template);
      if (declared != null) {
        assertThat(declared).as("%s: the template's form", task).containsExactly(form);
      }
      assertThat(template.name())
          .as("%s: the template is named as the task", task)
          .isEqualTo(connector.name());
    }
  }

  /**
   * The template's form. Read by name: from SDK 8.10 on, {@code inputDataClass} is an array of
   * classes, and these tests also run as built on 8.8.7 against 8.10's annotations ({@code
   * compat/run}). There the one class the 8.8.7 build holds is no array and cannot be read (null):
   * only the template generator reads it, and {@code compat/run}'s source run checks it on 8.10.
   */
  static List<Object> declaredForms(ElementTemplate template) throws Exception {
    try {
      Object declared = ElementTemplate.class.getMethod("inputDataClass").invoke(template);
      return declared instanceof Object[] all ? List.of(all) : List.of(declared);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof AnnotationTypeMismatchException) {
        return null;
      }
      throw e;
    }
  }

  @Test
  void eachTaskHasItsReadmeSectionAndTheTemplateLinksThere() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    for (Class<?> task : registeredTasks()) {
      String name = task.getAnnotation(OutboundConnector.class).name();
      assertThat(readme).as("the README's section for %s", name).contains("\n## " + name + "\n");
      String anchor =
          "#" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
      assertThat(task.getAnnotation(ElementTemplate.class).documentationRef())
          .as("%s: the Modeler's documentation link", name)
          .endsWith(anchor);
    }
  }

  @Test
  void eachTaskHasAGeneratedTemplate() throws Exception {
    Path generated = Path.of(System.getProperty("element-templates.output"));
    List<String> ids = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(generated)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonNode template = json.readTree(file.toFile());
        ids.add(template.get("id").asText());
      }
    }
    for (Class<?> task : registeredTasks()) {
      assertThat(ids)
          .as("connector/pom.xml generates a template for %s", task.getSimpleName())
          .contains(task.getAnnotation(ElementTemplate.class).id());
    }
  }

  @Test
  void taskTypesAreStableAndDistinct() throws Exception {
    List<String> types = new ArrayList<>();
    for (Class<?> task : registeredTasks()) {
      types.add(task.getAnnotation(OutboundConnector.class).type());
    }
    assertThat(types)
        .doesNotHaveDuplicates()
        .allMatch(t -> t.startsWith("io.github.intercomconnector:"));
  }

  /** The variables a form reads: its fields, with the fields of unwrapped parts in their place. */
  static List<String> fields(Class<?> form) {
    List<String> fields = new ArrayList<>();
    for (RecordComponent component : form.getRecordComponents()) {
      if (component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)
          || component.isAnnotationPresent(JsonUnwrapped.class)) {
        fields.addAll(fields(component.getType()));
      } else {
        fields.add(component.getName());
      }
    }
    return fields;
  }
}
