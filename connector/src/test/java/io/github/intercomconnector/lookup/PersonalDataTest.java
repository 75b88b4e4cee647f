/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

  @Test
  void anEmailShowsItsFirstCharacterAndDomainOnly() {
    assertThat(PersonalData.mask("ada.lovelace@example.com")).isEqualTo("a***@example.com");
    assertThat(PersonalData.mask("a@example.com")).isEqualTo("a***@example.com");
    assertThat(PersonalData.mask("@example.com")).isEqualTo("***@example.com");
    assertThat(PersonalData.mask("odd@name@example.com")).isEqualTo("o***@example.com");
  }

  @Test
  void otherValuesStayAsTheyAre() {
    assertThat(PersonalData.mask("cust-1001")).isEqualTo("cust-1001");
    assertThat(PersonalData.mask(null)).isNull();
  }
}
