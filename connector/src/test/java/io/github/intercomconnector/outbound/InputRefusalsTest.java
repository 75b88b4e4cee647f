/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.camunda.connector.api.error.ConnectorInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputRefusalsTest {

  private static String plain(RuntimeException e) {
    RuntimeException refusal = InputRefusals.plain(e);
    assertThat(refusal).isInstanceOf(ConnectorInputException.class).hasNoCause();
    assertThat(refusal.getMessage()).doesNotContain("\n", "jakarta", "Found constraints");
    return refusal.getMessage();
  }

  @Test
  void aRefusalItCannotReadIsPassedOn() {
    var own = new ConnectorInputException("contactBy: must be id, email or external_id");
    assertThat(InputRefusals.plain(own)).isSameAs(own);
    var other = new IllegalStateException("not about the form");
    assertThat(InputRefusals.plain(other)).isSameAs(other);
  }

  private static MismatchedInputException invalid(Object value, Class<?> type, String... path) {
    InvalidFormatException e = InvalidFormatException.from(null, "raw Jackson text", value, type);
    Object holder = new Object();
    for (int i = path.length - 1; i >= 0; i--) {
      e.prependPath(new JsonMappingException.Reference(holder, path[i]));
    }
    return e;
  }

  @ParameterizedTest
  @CsvSource({
    "java.lang.Integer, a whole number",
    "int, a whole number",
    "java.lang.Long, a whole number",
    "long, a whole number",
    "java.lang.Short, a whole number",
    "java.lang.Double, a number",
    "double, a number",
    "float, a number",
    "java.lang.Boolean, true or false",
    "boolean, true or false",
    "java.lang.String, text",
    "java.util.List, a list",
    "java.util.Map, an object",
    "io.github.intercomconnector.model.IntercomConnection, an object",
    "java.lang.Object, another kind of value"
  })
  void aValueOfTheWrongKindSaysWhatWasExpected(String typeName, String expected)
      throws ClassNotFoundException {
    Class<?> type =
        switch (typeName) {
          case "int" -> int.class;
          case "long" -> long.class;
          case "double" -> double.class;
          case "float" -> float.class;
          case "boolean" -> boolean.class;
          default -> Class.forName(typeName);
        };
    var e = new RuntimeException(invalid("ten", type, "connection", "connectTimeoutSeconds"));

    assertThat(plain(e))
        .isEqualTo("connection.connectTimeoutSeconds: expected " + expected + ", got 'ten'");
  }

  @Test
  void theValueShownIsMaskedAndShort() {
    assertThat(plain(new RuntimeException(invalid("ada@example.com", Integer.class, "contactId"))))
        .isEqualTo("contactId: expected a whole number, got 'a***@example.com'");
    String longValue = "x".repeat(100);
    assertThat(plain(new RuntimeException(invalid(longValue, Integer.class, "contact", "a"))))
        .isEqualTo("a: expected a whole number, got '" + "x".repeat(40) + "…'");
    String justShort = "y".repeat(40);
    assertThat(plain(new RuntimeException(invalid(justShort, Integer.class, "contactId"))))
        .as("forty characters are shown whole")
        .isEqualTo("contactId: expected a whole number, got '" + justShort + "'");
  }

  @Test
  void aMismatchWithoutValueOrPathStillNamesWhatItCan() {
    var noValue = MismatchedInputException.from(null, List.class, "raw");
    noValue.prependPath(new JsonMappingException.Reference(new Object(), 2));
    noValue.prependPath(new JsonMappingException.Reference(new Object(), "subscriptionTypes"));
    assertThat(plain(new RuntimeException(noValue)))
        .isEqualTo("subscriptionTypes.2: expected a list");
    var first = MismatchedInputException.from(null, List.class, "raw");
    first.prependPath(new JsonMappingException.Reference(new Object(), 0));
    first.prependPath(new JsonMappingException.Reference(new Object(), "subscriptionTypes"));
    assertThat(plain(new RuntimeException(first)))
        .as("the first element is element 0")
        .isEqualTo("subscriptionTypes.0: expected a list");
    var nowhere = MismatchedInputException.from(null, (Class<?>) null, "raw");
    assertThat(plain(new RuntimeException(nowhere)))
        .isEqualTo("the form: expected another kind of value");
  }

  @Test
  void controlCharactersInARefusalAreShownAsEscapes() {
    var e = new ConnectorInputException("x: got 'a\r\n\tb\u0000'", new IllegalStateException());
    ConnectorInputException line = InputRefusals.oneLine(e);
    assertThat(line.getMessage()).isEqualTo("x: got 'a\\r\\n\\tb\\u0000'");
    assertThat(line.getCause()).isSameAs(e.getCause());
    var plainAlready = new ConnectorInputException("x: got 'a'");
    assertThat(InputRefusals.oneLine(plainAlready)).isSameAs(plainAlready);
  }

  @Test
  void onlyUnwrappedFormPartsLoseTheirPrefix() {
    assertThat(InputRefusals.field("contact.contactEmail")).isEqualTo("contactEmail");
    assertThat(InputRefusals.field("subscriptionType.subscriptionTypeName"))
        .isEqualTo("subscriptionTypeName");
    assertThat(InputRefusals.field("connection.baseUrl")).isEqualTo("connection.baseUrl");
    assertThat(InputRefusals.field("contact")).isEqualTo("contact");
  }

  @Test
  void anEchoedValueIsCutAfterFortyCharacters() {
    String forty = "x".repeat(40);
    assertThat(InputRefusals.cut(forty)).isEqualTo(forty);
    assertThat(InputRefusals.cut(forty + "y")).isEqualTo(forty + "…");
    assertThat(InputRefusals.cut("")).isEmpty();
  }
}
