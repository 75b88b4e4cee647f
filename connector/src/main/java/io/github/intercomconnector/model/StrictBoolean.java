/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;

/**
 * Binds a person's answer only from a boolean: consent under the GDPR is an unambiguous indication,
 * so the text {@code "true"}, the number {@code 1} or the list {@code [true]} from a stray FEEL
 * mapping is refused, where Jackson would otherwise coerce each of them to {@code true}.
 */
public final class StrictBoolean extends StdDeserializer<Boolean> {

  public StrictBoolean() {
    super(Boolean.class);
  }

  @Override
  public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    NotABoolean refused =
        new NotABoolean(
            switch (token) {
              case START_ARRAY -> "a list";
              case START_OBJECT -> "an object";
              case VALUE_STRING -> "the text \"" + parser.getText() + "\"";
              case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
              default -> String.valueOf(parser.getText());
            });
    throw InvalidFormatException.from(
        parser, "expected a boolean, got " + refused.shown(), refused, Boolean.class);
  }

  /** What was refused, in words ({@code the text "yes"}, {@code a list}), for the refusal. */
  public record NotABoolean(String shown) {}
}
