/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.lookup.PersonalData;
import io.github.intercomconnector.model.StrictBoolean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the runtime's refusals of a form (JSON binding) into what every other input error of this
 * connector reads like: the field as the template binds it, and what was expected, in one line
 * ({@code connection.connectTimeoutSeconds: must be at least 1 second}), never a validator's or
 * JSON library's dump.
 */
final class InputRefusals {

  /** Form parts whose fields sit at the top level of the template ({@code @JsonUnwrapped}). */
  static final Set<String> UNWRAPPED = Set.of("contact", "subscriptionType", "answer");

  private InputRefusals() {}

  /**
   * The plain refusal for a failure to bind or validate a form, or {@code e} itself when it is not
   * one (a refusal of this connector's own already reads plainly).
   */
  static RuntimeException plain(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MismatchedInputException mismatch) {
        return new ConnectorInputException(mismatch(mismatch));
      }
    }
    return e;
  }

  /**
   * The refusal with control characters in its message shown as escapes ({@code \n}): a refusal
   * echoes what it refused, and a line break from the input must not break the incident message
   * into lines an operator would take for separate entries.
   */
  static ConnectorInputException oneLine(ConnectorInputException e) {
    String message = e.getMessage();
    if (message == null || message.chars().noneMatch(Character::isISOControl)) {
      return e;
    }
    StringBuilder text = new StringBuilder(message.length() + 8);
    for (char c : message.toCharArray()) {
      switch (c) {
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            text.append(String.format("\\u%04x", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    return new ConnectorInputException(text.toString(), e.getCause());
  }

  private static String mismatch(MismatchedInputException e) {
    List<String> names = new ArrayList<>();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        names.add(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        names.add(String.valueOf(ref.getIndex()));
      }
    }
    String field = names.isEmpty() ? "the form" : field(String.join(".", names));
    StringBuilder text = new StringBuilder(field).append(": expected ");
    text.append(expected(e.getTargetType()));
    if (e instanceof InvalidFormatException invalid
        && invalid.getValue() instanceof StrictBoolean.NotABoolean refused) {
      text.append(", got ").append(cut(refused.shown()));
    } else if (e instanceof InvalidFormatException invalid && invalid.getValue() != null) {
      String value = PersonalData.mask(String.valueOf(invalid.getValue()));
      value = cut(value);
      text.append(", got '").append(value).append('\'');
    }
    return text.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type.isEnum()) {
      return "text";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "another kind of value";
  }

  /** A refused value as a refusal echoes it: its first 40 characters, then "…". */
  static String cut(String value) {
    return IntercomInputException.cut(value);
  }

  /** The field as the template binds it: form parts that are unwrapped leave no prefix. */
  static String field(String path) {
    int dot = path.indexOf('.');
    if (dot > 0 && UNWRAPPED.contains(path.substring(0, dot))) {
      return path.substring(dot + 1);
    }
    return path;
  }
}
