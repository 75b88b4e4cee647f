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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every field the Modeler shows for a task is in the README's input tables ({@code | label |
 * binding | type | required | default |}) with the same binding, the same kind (FEEL, number,
 * boolean), the same choices and the same default; and every binding those tables name outside the
 * event's section is a field of some task.
 *
 * <p>The templates checked are listed here. "Intercom: Consent changed" is checked by {@code
 * ConsentChangedReadmeTest}: its table holds the event's own fields, its prose the activation,
 * correlation, TTL and result fields every inbound connector has.
 */
class ReadmeDocumentsTheTemplatesTest {

  /** The template of each task, with the name its README rows use for a default of its own. */
  private static final Map<String, String> TEMPLATES =
      Map.of(
          "intercom-set-consent.json", "Set consent",
          "intercom-get-consent.json", "Get consent",
          "intercom-attach-subscription.json", "Attach",
          "intercom-detach-subscription.json", "Detach",
          "intercom-erase-contact.json", "Erase contact",
          "intercom-set-email-opt-out.json", "Set email opt-out");

  private static final String EVENT_SECTION = "## Intercom: Consent changed";

  private final Path committed = Path.of(System.getProperty("element-templates.committed"));
  private final ObjectMapper json = new ObjectMapper();

  /** One row of an input table: its section, its cells. */
  record Row(String section, String label, String binding, String type, String defaults) {
    List<String> bindings() {
      return ticked(binding);
    }
  }

  static List<Row> inputRows(String readme) {
    List<Row> rows = new ArrayList<>();
    String section = "";
    boolean inTable = false;
    for (String line : readme.split("\n")) {
      if (line.startsWith("## ")) {
        section = line;
      }
      if (line.startsWith("| label | binding | type | required | default |")) {
        inTable = true;
        continue;
      }
      if (!line.startsWith("|")) {
        inTable = false;
        continue;
      }
      if (!inTable || line.startsWith("| ---")) {
        continue;
      }
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      assertThat(cells).as("cells of the README row %s", line).hasSize(5);
      rows.add(new Row(section, cells[0].trim(), cells[1], cells[2].trim(), cells[4].trim()));
    }
    return rows;
  }

  /** The values in backticks, in order. */
  static List<String> ticked(String cell) {
    List<String> values = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]*)`").matcher(cell);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  private static String binding(JsonNode property) {
    JsonNode b = property.path("binding");
    for (String key : List.of("name", "key", "property")) {
      if (b.hasNonNull(key)) {
        return b.get(key).asText();
      }
    }
    return null;
  }

  @Test
  void everyFieldOfEveryTaskIsInTheReadmeAsTheTemplateHasIt() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    List<Row> rows = inputRows(readme);
    assertThat(rows).hasSizeGreaterThan(20);
    List<String> wrong = new ArrayList<>();
    for (var entry : TEMPLATES.entrySet()) {
      JsonNode template = json.readTree(committed.resolve(entry.getKey()).toFile());
      String task = entry.getValue();
      String section = "## " + template.get("name").asText();
      for (JsonNode property : template.get("properties")) {
        if ("Hidden".equals(property.path("type").asText())) {
          continue;
        }
        String binding = binding(property);
        String where = entry.getKey() + " " + binding + ": ";
        List<Row> documenting = rows.stream().filter(r -> r.bindings().contains(binding)).toList();
        Row row =
            documenting.stream()
                .filter(r -> r.section().equals(section))
                .findFirst()
                .orElse(documenting.size() == 1 ? documenting.get(0) : null);
        if (row == null) {
          wrong.add(where + "no README input row, or several outside " + section);
          continue;
        }
        check(property, row, task, where, wrong);
      }
    }
    assertThat(wrong).as("README rows that differ from the templates").isEmpty();
  }

  private static void check(
      JsonNode property, Row row, String task, String where, List<String> out) {
    String kind = property.path("type").asText();
    String feel = property.path("feel").asText("");
    if (kind.equals("Dropdown")) {
      List<String> choices = new ArrayList<>();
      property.get("choices").forEach(c -> choices.add(c.get("value").asText()));
      Set<String> documented = choices(row.type(), choices);
      if (!documented.equals(Set.copyOf(choices))) {
        out.add(where + "choices " + choices + ", the README lists " + documented);
      }
    } else if (feel.equals("optional") || feel.equals("required")) {
      if (!row.type().contains("FEEL")) {
        out.add(where + "takes FEEL, the README's type does not say so: " + row.type());
      }
    } else if (kind.equals("Number")) {
      if (!row.type().contains("number") && !row.type().matches(".*\\d+ … \\d+.*")) {
        out.add(where + "a number, the README's type: " + row.type());
      }
    } else if (kind.equals("Boolean")) {
      if (!row.type().contains("boolean")) {
        out.add(where + "a boolean, the README's type: " + row.type());
      }
    }
    String expected = property.hasNonNull("value") ? property.get("value").asText() : null;
    String documented = defaultOf(row, row.bindings().indexOf(binding(property)), task);
    if (expected == null ? documented != null : !expected.equals(documented)) {
      out.add(where + "default " + expected + ", the README says " + documented);
    }
  }

  /**
   * The choices a type cell lists: its values in backticks before any ';', outside parentheses;
   * {@code `a` … `b`} stands for the template's choices from a to b.
   */
  static Set<String> choices(String cell, List<String> template) {
    String listed = cell.split(";")[0].replaceAll("\\([^)]*\\)", "");
    Set<String> values = new LinkedHashSet<>();
    Matcher range = Pattern.compile("`([^`]*)` … `([^`]*)`").matcher(listed);
    while (range.find()) {
      int a = template.indexOf(range.group(1));
      int b = template.indexOf(range.group(2));
      if (a >= 0 && b >= 0) {
        values.addAll(template.subList(Math.min(a, b), Math.max(a, b) + 1));
      }
    }
    values.addAll(ticked(listed));
    return values;
  }

  /**
   * The default a row gives: its value in backticks or a bare number; {@code 10 / 30 / 60} for the
   * row's bindings in order; {@code `all`; Attach: `fail`} where a task has its own; null for none
   * (an empty cell, "none", or words).
   */
  static String defaultOf(Row row, int index, String task) {
    String cell = row.defaults();
    String[] parts = cell.split(";");
    String chosen = parts[0];
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.startsWith(task + ":")) {
        chosen = part.substring(task.length() + 1);
      }
    }
    String[] each = chosen.split(" / ");
    String value = (each.length > 1 ? each[Math.max(0, index)] : chosen).trim();
    if (value.matches("`[^`]*`")) {
      return value.substring(1, value.length() - 1);
    }
    if (value.matches("\\d+")) {
      return value;
    }
    return null;
  }

  /** No row names a binding that no task has (a field renamed or removed, its row left behind). */
  @Test
  void everyBindingTheReadmeNamesIsAFieldOfATask() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    Set<String> bindings = new LinkedHashSet<>();
    for (String file : TEMPLATES.keySet()) {
      for (JsonNode property : json.readTree(committed.resolve(file).toFile()).get("properties")) {
        if (!"Hidden".equals(property.path("type").asText())) {
          bindings.add(binding(property));
        }
      }
    }
    List<String> unknown = new ArrayList<>();
    for (Row row : inputRows(readme)) {
      if (row.section().equals(EVENT_SECTION)) {
        continue;
      }
      for (String binding : row.bindings()) {
        if (!bindings.contains(binding)) {
          unknown.add(row.section() + ": " + binding);
        }
      }
    }
    assertThat(unknown).as("README rows naming no field of a task").isEmpty();
  }
}
