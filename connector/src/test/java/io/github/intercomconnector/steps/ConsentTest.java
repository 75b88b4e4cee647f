/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.model.ConsentTypes;
import org.junit.jupiter.api.Test;

/** Intercom's two consent models: opt-in types send to those attached, opt-out to the others. */
class ConsentTest {

  @Test
  void anOptInTypeSendsToItsAttachedContactsAnOptOutTypeToTheOthers() {
    assertThat(Consent.receives(ConsentTypes.OPT_IN, true)).isTrue();
    assertThat(Consent.receives(ConsentTypes.OPT_IN, false)).isFalse();
    assertThat(Consent.receives(ConsentTypes.OPT_OUT, true)).isFalse();
    assertThat(Consent.receives(ConsentTypes.OPT_OUT, false)).isTrue();
  }

  @Test
  void aYesAttachesAnOptInTypeAndDetachesAnOptOutType() {
    assertThat(Consent.attachedFor(ConsentTypes.OPT_IN, true)).isTrue();
    assertThat(Consent.attachedFor(ConsentTypes.OPT_IN, false)).isFalse();
    assertThat(Consent.attachedFor(ConsentTypes.OPT_OUT, true)).isFalse();
    assertThat(Consent.attachedFor(ConsentTypes.OPT_OUT, false)).isTrue();
  }

  @Test
  void whatAContactReceivesAfterwardIsWhatItAnswered() {
    for (String type : new String[] {ConsentTypes.OPT_IN, ConsentTypes.OPT_OUT}) {
      for (boolean agrees : new boolean[] {true, false}) {
        assertThat(Consent.receives(type, Consent.attachedFor(type, agrees)))
            .as("%s, agrees %s", type, agrees)
            .isEqualTo(agrees);
      }
    }
  }
}
