/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.intercomconnector.client.IntercomInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Get consent's filter, as a FEEL list or a comma-separated text, and its content type. */
class GetConsentRequestTest {

  private static GetConsentRequest filter(Object types, String contentType) {
    return new GetConsentRequest(
        null, new ContactSelector(null, "1", null, null, null, null, null), types, contentType);
  }

  @Test
  void aTextFilterIsSplitAtCommasAndAListTakenEntryByEntryEachTrimmedEmptyOnesLeftOut() {
    assertThat(filter("SMS offers, 108,, 112 ", null).typesWanted())
        .containsExactly("SMS offers", "108", "112");
    assertThat(filter(List.of(" 110", " newsletters ", "", 108), null).typesWanted())
        .containsExactly("110", "newsletters", "108");
    assertThat(filter(null, null).typesWanted()).isEmpty();
    assertThat(filter(" ", null).typesWanted()).isEmpty();
  }

  @Test
  void noContentTypeIsAnyAndAChoiceIsTakenInAnyCase() {
    assertThat(filter(null, null).contentTypeOrAny()).isEqualTo(ContentTypes.ANY);
    assertThat(filter(null, " ").contentTypeOrAny()).isEqualTo(ContentTypes.ANY);
    assertThat(filter(null, " SMS_message ").contentTypeOrAny()).isEqualTo(ContentTypes.SMS);
  }

  @Test
  void aContentTypeThatIsNoneOfTheChoicesIsRefusedAsGiven() {
    assertThatThrownBy(() -> filter(null, "Fax").check())
        .isInstanceOf(IntercomInputException.class)
        .hasMessage(
            "connection: must be given; contentType: must be any, email or sms_message, got 'Fax'");
  }
}
