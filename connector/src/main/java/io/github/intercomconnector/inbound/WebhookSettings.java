/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import io.github.intercomconnector.outbound.RuntimeEnvironment;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything an element of "Intercom: Consent changed" decides a request by, built whole from the
 * element's form and the runtime's settings at activation and never changed afterwards: the webhook
 * publishes it in one step, and until it has one it answers every request "not now".
 *
 * @param path the webhook ID (the end of the URL)
 * @param signature how a request proves it comes from Intercom
 * @param topics the topics the element hears
 * @param maxAge how long after Intercom sent a notification it may still start something
 */
public record WebhookSettings(
    String path, SignatureRule signature, Set<String> topics, Duration maxAge) {

  /** Lets an element accept unsigned notifications; off unless the runtime's operator says so. */
  public static final String ALLOW_UNSIGNED = "intercom.connector.webhook.allow-unsigned";

  /** How old a notification may be; Intercom's one retry comes a minute after the first send. */
  public static final String MAX_AGE = "intercom.connector.webhook.max-age";

  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);

  /** Intercom retries once, a minute after the first send: a shorter age would refuse it. */
  static final Duration MIN_MAX_AGE = Duration.ofMinutes(2);

  static final Duration MAX_MAX_AGE = Duration.ofDays(1);

  /**
   * How a request proves it comes from Intercom: with its signature, or, explicitly, not at all.
   */
  public sealed interface SignatureRule {

    /** Intercom's X-Hub-Signature with the app's client secret. */
    record Required(HubSignature check) implements SignatureRule {}

    /** No proof: chosen on the element and allowed by the runtime, for local testing only. */
    record Unsigned() implements SignatureRule {}
  }

  /** Why an element cannot listen: one sentence per field, each naming it. */
  public static final class SettingsRefused extends IllegalArgumentException {
    SettingsRefused(List<String> problems) {
      super(String.join(" ", problems));
    }
  }

  /**
   * The settings of an element, or {@link SettingsRefused} naming every field that stops it from
   * listening.
   *
   * @param form the element's {@code inbound.*} properties, null when it has none
   * @param runtime the runtime's own settings
   */
  public static WebhookSettings from(ConsentChangedProperties form, RuntimeEnvironment runtime) {
    if (form == null) {
      throw new SettingsRefused(List.of("inbound: the element has no Intercom webhook settings."));
    }
    List<String> problems = new ArrayList<>(form.problems());
    Duration maxAge = maxAge(runtime.get(MAX_AGE), problems);
    SignatureRule signature = null;
    if (form.signed()) {
      if (form.clientSecret() != null && !form.clientSecret().isBlank()) {
        signature = new SignatureRule.Required(new HubSignature(form.clientSecret()));
      }
    } else if (allowsUnsigned(runtime.get(ALLOW_UNSIGNED))) {
      signature = new SignatureRule.Unsigned();
    } else {
      problems.add(
          "inbound.signatureCheck: 'unsigned' is refused unless the runtime sets "
              + ALLOW_UNSIGNED
              + "=true ("
              + RuntimeEnvironment.variableName(ALLOW_UNSIGNED)
              + "), for local testing only");
    }
    if (!problems.isEmpty()) {
      throw new SettingsRefused(problems);
    }
    return new WebhookSettings(
        form.context(), signature, Set.copyOf(form.listenedTopics()), maxAge);
  }

  private static Duration maxAge(String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_AGE;
    }
    Duration age = duration(value);
    if (age == null || age.compareTo(MIN_MAX_AGE) < 0 || age.compareTo(MAX_MAX_AGE) > 0) {
      problems.add(
          MAX_AGE
              + " ("
              + RuntimeEnvironment.variableName(MAX_AGE)
              + "): must be an ISO 8601 duration from PT2M to P1D (e.g. PT15M), got '"
              + cut(value)
              + "'");
      return null;
    }
    return age;
  }

  /** Only the literal {@code true} opens the door; anything else, or nothing, keeps it shut. */
  static boolean allowsUnsigned(String value) {
    return value != null && "true".equalsIgnoreCase(value.strip());
  }

  private static Duration duration(String value) {
    try {
      return Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String cut(String value) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }
}
