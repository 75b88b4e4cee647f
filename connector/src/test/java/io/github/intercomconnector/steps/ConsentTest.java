/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Intercom's two consent models: opt-in types send to those attached, opt-out to the others. */
class ConsentTest {

  @Test
  void anOptInTypeSendsToItsAttachedContactsAnOptOutTypeToTheOthers() {
    assertThat(Consent.receives(Consent.OPT_IN, true)).isTrue();
    assertThat(Consent.receives(Consent.OPT_IN, false)).isFalse();
    assertThat(Consent.receives(Consent.OPT_OUT, true)).isFalse();
    assertThat(Consent.receives(Consent.OPT_OUT, false)).isTrue();
  }

  @Test
  void aYesAttachesAnOptInTypeAndDetachesAnOptOutType() {
    assertThat(Consent.attachedFor(Consent.OPT_IN, true)).isTrue();
    assertThat(Consent.attachedFor(Consent.OPT_IN, false)).isFalse();
    assertThat(Consent.attachedFor(Consent.OPT_OUT, true)).isFalse();
    assertThat(Consent.attachedFor(Consent.OPT_OUT, false)).isTrue();
  }

  @Test
  void whatAContactReceivesAfterwardIsWhatItAnswered() {
    for (String type : new String[] {Consent.OPT_IN, Consent.OPT_OUT}) {
      for (boolean agrees : new boolean[] {true, false}) {
        assertThat(Consent.receives(type, Consent.attachedFor(type, agrees)))
            .as("%s, agrees %s", type, agrees)
            .isEqualTo(agrees);
      }
    }
  }
}
