/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.Pattern;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The form of "Intercom: Consent changed": where Intercom posts, how its signature is checked and
 * which topics this element hears. {@link #toString()} never prints the secret.
 */
public record ConsentChangedProperties(
    @TemplateProperty(
            id = "context",
            group = "endpoint",
            label = "Webhook ID",
            description =
                "The last part of the URL to register in Intercom's Developer Hub:"
                    + " https://<your runtime>/inbound/<webhook ID>. Letters, digits, - and _.",
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @Pattern(
                            value = "^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$",
                            message =
                                "letters, digits, - and _, starting and ending with a letter or"
                                    + " digit")))
        String context,
    @TemplateProperty(
            id = "signatureCheck",
            group = "security",
            label = "Signature check",
            description =
                "Intercom signs each notification with the app's client secret (X-Hub-Signature)."
                    + " Unsigned is for local testing only: anyone who knows the URL can then"
                    + " start or continue processes.",
            type = PropertyType.Dropdown,
            defaultValue = ConsentTopics.SIGNED,
            choices = {
              @DropdownPropertyChoice(
                  value = ConsentTopics.SIGNED,
                  label = "Required: X-Hub-Signature with the app's client secret"),
              @DropdownPropertyChoice(
                  value = ConsentTopics.UNSIGNED,
                  label = "None: unsigned, for local testing only")
            })
        String signatureCheck,
    @TemplateProperty(
            id = "clientSecret",
            group = "security",
            label = "Client secret",
            description =
                "The app's client secret (Developer Hub, Basic information). Store it as a secret:"
                    + " {{secrets.INTERCOM_CLIENT_SECRET}}.",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "inbound.signatureCheck",
                    equals = ConsentTopics.SIGNED))
        String clientSecret,
    @TemplateProperty(
            id = "topics",
            group = "topics",
            label = "Topics",
            description =
                "The topics that start or continue the process, separated by commas: "
                    + "granular.subscribe, granular.unsubscribe (one subscription type),"
                    + " contact.subscribed, contact.unsubscribed (all email), contact.merged,"
                    + " contact.deleted, contact.archived. Others are answered 200 and start nothing.",
            defaultValue = ConsentTopics.DEFAULT_TOPICS)
        String topics) {

  /** The runtime binds the element's {@code inbound.*} properties to this wrapper. */
  public record Inbound(ConsentChangedProperties inbound) {}

  /** Whether notifications must carry Intercom's signature (anything but "unsigned" is yes). */
  public boolean signed() {
    return !ConsentTopics.UNSIGNED.equals(signatureCheck);
  }

  /**
   * The form's problems, each one sentence naming the field as the template binds it; empty when
   * the element can listen.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (context == null || !ConsentTopics.CONTEXT.matcher(context).matches()) {
      problems.add(
          "inbound.context: must be letters, digits, - and _ (the end of the webhook URL), got "
              + (context == null || context.isBlank() ? "nothing" : "'" + context + "'"));
    }
    if (signatureCheck != null
        && !ConsentTopics.SIGNED.equals(signatureCheck)
        && !ConsentTopics.UNSIGNED.equals(signatureCheck)) {
      problems.add(
          "inbound.signatureCheck: must be 'required' or 'unsigned', got '" + signatureCheck + "'");
    }
    if (signed() && (clientSecret == null || clientSecret.isBlank())) {
      problems.add(
          "inbound.clientSecret: must be the app's client secret to check Intercom's signature,"
              + " got nothing");
    }
    Set<String> unknown = new LinkedHashSet<>(listenedTopics());
    unknown.removeAll(ConsentTopics.KNOWN);
    if (listenedTopics().isEmpty()) {
      problems.add("inbound.topics: must name at least one topic, got nothing");
    } else if (!unknown.isEmpty()) {
      problems.add(
          "inbound.topics: must be among "
              + String.join(", ", ConsentTopics.KNOWN.stream().sorted().toList())
              + ", got "
              + String.join(", ", unknown));
    }
    return problems;
  }

  /** The topics named in the form, trimmed, without blanks. */
  public Set<String> listenedTopics() {
    Set<String> listened = new LinkedHashSet<>();
    if (topics != null) {
      for (String topic : topics.split(",")) {
        if (!topic.isBlank()) {
          listened.add(topic.strip());
        }
      }
    }
    return listened;
  }

  @Override
  public String toString() {
    return "ConsentChangedProperties[context="
        + context
        + ", signatureCheck="
        + signatureCheck
        + ", clientSecret="
        + (clientSecret == null ? "null" : "***")
        + ", topics="
        + topics
        + "]";
  }
}
