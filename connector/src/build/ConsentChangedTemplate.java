/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.camunda.connector.api.annotation.InboundConnector;
import io.camunda.connector.api.inbound.webhook.WebhookConnectorExecutable;
import io.camunda.connector.generator.api.GeneratorConfiguration;
import io.camunda.connector.generator.api.GeneratorConfiguration.ConnectorMode;
import io.camunda.connector.generator.dsl.BpmnType;
import io.camunda.connector.generator.java.ClassBasedTemplateGenerator;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.generator.java.annotation.ElementTemplate.ConnectorElementType;
import io.github.intercomconnector.inbound.ConsentChangedProperties;
import io.github.intercomconnector.inbound.ConsentChangedWebhook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The element templates of "Intercom: Consent changed", written as the template generator's Maven
 * plugin writes the tasks' (the same generator, the same files), before {@code
 * FinishElementTemplates} completes them all.
 *
 * <p>Why here and not on {@link ConsentChangedWebhook}: {@code @ElementTemplate}'s element types
 * name {@code io.camunda.connector.generator.dsl.BpmnType}, which Camunda 8.9 moved to another
 * package. A class of the jar that carried them could not have its annotations read on an 8.9+
 * runtime ({@code TypeNotPresentException}); this class is compiled only while the build runs (the
 * source launcher: {@code java -cp <classpath> ConsentChangedTemplate.java <folder>}) and never
 * enters the jar.
 */
public final class ConsentChangedTemplate {

  /** As the plugin writes a template: pretty, with Unix line ends. */
  private static final ObjectWriter WRITER =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter().withLinefeed("\n")));

  /** The file of each template, by id, as the plugin's {@code <files>} would map them. */
  static final Map<String, String> FILES =
      Map.of(
          ConsentChangedWebhook.TEMPLATE_ID + ".message-start",
          "intercom-consent-changed-message-start.json",
          ConsentChangedWebhook.TEMPLATE_ID + ".start",
          "intercom-consent-changed-start.json",
          ConsentChangedWebhook.TEMPLATE_ID + ".intermediate",
          "intercom-consent-changed-intermediate.json",
          ConsentChangedWebhook.TEMPLATE_ID + ".boundary",
          "intercom-consent-changed-boundary.json");

  private ConsentChangedTemplate() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    var generator = new ClassBasedTemplateGenerator(Webhook.class.getClassLoader());
    int written = 0;
    for (ConnectorMode mode : List.of(ConnectorMode.NORMAL, ConnectorMode.HYBRID)) {
      boolean hybrid = mode == ConnectorMode.HYBRID;
      var configuration = new GeneratorConfiguration(mode, null, null, null, null, Map.of());
      for (var template : generator.generate(Webhook.class, configuration)) {
        String id = template.id();
        if (hybrid) {
          id = id.replace(GeneratorConfiguration.HYBRID_TEMPLATE_ID_SUFFIX, "");
        }
        String file = FILES.get(id);
        if (file == null) {
          throw new IllegalStateException("No file name for the template " + id);
        }
        Path target =
            hybrid
                ? folder.resolve("hybrid").resolve(file.replace(".json", "-hybrid.json"))
                : folder.resolve(file);
        Files.createDirectories(target.getParent());
        WRITER.writeValue(target.toFile(), template);
        written++;
      }
    }
    System.out.println("Consent changed templates written: " + written);
  }

  /** What the generator reads: the webhook's connector type, and its templates. */
  @InboundConnector(name = "Intercom: Consent changed", type = ConsentChangedWebhook.TYPE)
  @ElementTemplate(
      id = ConsentChangedWebhook.TEMPLATE_ID,
      name = "Intercom: Consent changed",
      version = 2,
      description =
          "Start or continue a process when a person's consent changes inside Intercom: an"
              + " unsubscribe link in an email, the Messenger's preferences, an agent's edit."
              + " Checks Intercom's signature; a retried notification starts nothing twice.",
      icon = "intercom-consent-changed.svg",
      documentationRef =
          "https://github.com/intercom-subscription-connector/camunda-connector-intercom-subscription"
              + "#intercom-consent-changed",
      engineVersion = "^8.8",
      metadata =
          @ElementTemplate.Metadata(
              keywords = {
                "Intercom",
                "consent",
                "GDPR",
                "opt-in",
                "opt-out",
                "subscribe",
                "unsubscribe",
                "preferences",
                "subscription",
                "webhook",
                "consent changed"
              }),
      inputDataClass = ConsentChangedProperties.Inbound.class,
      defaultResultVariable = "consentChange",
      propertyGroups = {
        @ElementTemplate.PropertyGroup(id = "endpoint", label = "Webhook"),
        @ElementTemplate.PropertyGroup(id = "security", label = "Signature"),
        @ElementTemplate.PropertyGroup(id = "topics", label = "Topics")
      },
      elementTypes = {
        @ConnectorElementType(
            appliesTo = BpmnType.START_EVENT,
            elementType = BpmnType.MESSAGE_START_EVENT,
            templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".message-start",
            templateNameOverride = "Intercom: Consent changed (message start event)"),
        @ConnectorElementType(
            appliesTo = BpmnType.START_EVENT,
            elementType = BpmnType.START_EVENT,
            templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".start",
            templateNameOverride =
                "Intercom: Consent changed (start event, duplicates caught until a restart)"),
        @ConnectorElementType(
            appliesTo = {BpmnType.INTERMEDIATE_THROW_EVENT, BpmnType.INTERMEDIATE_CATCH_EVENT},
            elementType = BpmnType.INTERMEDIATE_CATCH_EVENT,
            templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".intermediate",
            templateNameOverride = "Intercom: Consent changed (intermediate catch event)"),
        @ConnectorElementType(
            appliesTo = BpmnType.BOUNDARY_EVENT,
            elementType = BpmnType.BOUNDARY_EVENT,
            templateIdOverride = ConsentChangedWebhook.TEMPLATE_ID + ".boundary",
            templateNameOverride = "Intercom: Consent changed (boundary event)")
      })
  abstract static class Webhook implements WebhookConnectorExecutable {}
}
