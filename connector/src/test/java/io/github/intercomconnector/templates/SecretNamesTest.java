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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every secret that a template, an example or the README's error expression uses is named where the
 * connector runtime's STRICT secret filter looks (8.8.19 and 8.9.10 on), as camunda/connectors
 * 8.9.7 implements it ({@code ProcessDefinitionSecretKeyCache}, {@code SecretUtil}): for a task, a
 * secret resolves only if the element carries {@code zeebe:modelerTemplate} and one of its own
 * {@code zeebe:input} sources names it literally; headers, properties and names built with FEEL are
 * not seen. Inbound elements (the webhook) are resolved without a filter; their secrets sit in
 * {@code zeebe:property} values. Each use must be the literal {@code {{secrets.NAME}}}.
 */
class SecretNamesTest {

  /** Any mention of a secret, as the runtime's two patterns find them. */
  private static final Pattern MENTION = Pattern.compile("secrets\\s*\\.");

  /** The literal form, with the runtime's name pattern. */
  private static final Pattern LITERAL =
      Pattern.compile("\\{\\{secrets\\.([a-zA-Z0-9]+[/._-])*[a-zA-Z0-9]+}}");

  private static final String ZEEBE = "http://camunda.org/schema/zeebe/1.0";

  private final Path templates = Path.of(System.getProperty("element-templates.committed"));
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void everyTemplateNamesItsSecretsWhereTheFilterLooks() throws IOException {
    List<String> wrong = new ArrayList<>();
    List<Path> files = files(templates, ".json");
    assertThat(files).as("templates under " + templates).hasSizeGreaterThan(10);
    int mentions = 0;
    for (Path file : files) {
      JsonNode root = json.readTree(file.toFile());
      for (JsonNode template : root.isArray() ? root : List.of(root)) {
        boolean task = false;
        for (JsonNode property : template.path("properties")) {
          task |= "zeebe:taskDefinition".equals(property.path("binding").path("type").asText());
        }
        String allowed = task ? "zeebe:input" : "zeebe:property";
        for (JsonNode property : template.path("properties")) {
          String text = property.path("value").asText("") + " " + property.path("description");
          if (!MENTION.matcher(text).find()) {
            continue;
          }
          mentions++;
          String where = templates.relativize(file) + " " + property.path("id").asText();
          String binding = property.path("binding").path("type").asText();
          if (!allowed.equals(binding)) {
            wrong.add(where + ": a secret in a " + binding + ", not a " + allowed);
          }
          notLiteral(text).forEach(m -> wrong.add(where + ": not a literal secret: " + m));
        }
      }
    }
    assertThat(mentions).as("templates that guide to a secret").isGreaterThan(10);
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyExampleAndEarlierDiagramNamesItsSecretsWhereTheFilterLooks() throws Exception {
    List<Path> diagrams = new ArrayList<>(files(Path.of("../examples/processes"), ".bpmn"));
    diagrams.addAll(files(Path.of("../e2e/src/test/resources/diagrams"), ".bpmn"));
    assertThat(diagrams).hasSizeGreaterThan(6);
    List<String> wrong = new ArrayList<>();
    int secrets = 0;
    for (Path file : diagrams) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document bpmn = factory.newDocumentBuilder().parse(file.toFile());
      NodeList elements = bpmn.getElementsByTagNameNS("*", "extensionElements");
      for (int i = 0; i < elements.getLength(); i++) {
        Element extensions = (Element) elements.item(i);
        Element element = (Element) extensions.getParentNode();
        String where = file.getFileName() + " " + element.getAttribute("id");
        boolean task = element.getElementsByTagNameNS(ZEEBE, "taskDefinition").getLength() > 0;
        for (String[] use : attributes(extensions)) {
          if (!MENTION.matcher(use[1]).find()) {
            continue;
          }
          secrets++;
          String allowed = task ? "input@source" : "property@value";
          if (!allowed.equals(use[0])) {
            wrong.add(where + ": a secret in " + use[0] + ", where the filter does not look");
          }
          notLiteral(use[1]).forEach(m -> wrong.add(where + ": not a literal secret: " + m));
          if (task && element.getAttributeNS(ZEEBE, "modelerTemplate").isEmpty()) {
            wrong.add(where + ": uses a secret without zeebe:modelerTemplate");
          }
        }
      }
    }
    assertThat(secrets).as("secrets used by the diagrams").isGreaterThan(10);
    assertThat(wrong).isEmpty();
  }

  @Test
  void theReadmesErrorExpressionNamesNoSecret() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    int start = readme.indexOf("```feel\nif error = null");
    assertThat(start).as("the README's error expression").isPositive();
    String expression = readme.substring(start, readme.indexOf("```", start + 3));
    assertThat(MENTION.matcher(expression).find())
        .as("a header (errorExpression) is not where the STRICT filter looks")
        .isFalse();
  }

  /** Each mention of a secret in the text that is not part of a literal {{secrets.NAME}}. */
  static List<String> notLiteral(String text) {
    String rest = LITERAL.matcher(text).replaceAll("");
    List<String> found = new ArrayList<>();
    Matcher mention = MENTION.matcher(rest);
    while (mention.find()) {
      int from = Math.max(0, mention.start() - 12);
      found.add(rest.substring(from, Math.min(rest.length(), mention.end() + 20)));
    }
    return found;
  }

  /** Every attribute and text below an element's extension elements: {"name@attr", value}. */
  private static List<String[]> attributes(Element extensions) {
    List<String[]> all = new ArrayList<>();
    NodeList below = extensions.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < below.getLength(); i++) {
      Node node = below.item(i);
      NamedNodeMap attributes = node.getAttributes();
      for (int a = 0; a < attributes.getLength(); a++) {
        Node attribute = attributes.item(a);
        all.add(
            new String[] {
              node.getLocalName() + "@" + attribute.getLocalName(), attribute.getNodeValue()
            });
      }
      if (node.getFirstChild() != null && node.getFirstChild().getNodeType() == Node.TEXT_NODE) {
        all.add(new String[] {node.getLocalName() + " text", node.getTextContent()});
      }
    }
    return all;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void theCheckFindsANameBuiltWithFeelOrHiddenInAnotherForm() {
    assertThat(notLiteral("{{secrets.INTERCOM_ACCESS_TOKEN}}")).isEmpty();
    assertThat(notLiteral("=\"{{secrets.\" + name + \"}}\"")).hasSize(1);
    assertThat(notLiteral("secrets.INTERCOM_ACCESS_TOKEN")).hasSize(1);
    assertThat(notLiteral("{{ secrets.A }}")).hasSize(1);
  }
}
