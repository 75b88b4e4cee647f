/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.intercomconnector.client.IntercomInputException;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.TypeQuery;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contact and subscription-type fields become the queries the steps run, with their defaults;
 * what no query can be made of is refused, every field at once, before any call.
 */
class ContactSelectorTest {

  private static ContactSelector contact(
      String by, String id, String email, String externalId, String role, String several) {
    return new ContactSelector(by, id, email, externalId, role, several, null);
  }

  @Test
  void aContactIdIsTheDefaultWayAndIsSentTrimmed() {
    ContactQuery query = contact(null, " 63a0 ", null, null, null, null).query();

    assertThat(query)
        .isEqualTo(
            new ContactQuery(
                ContactQuery.By.ID,
                "63a0",
                "contactId",
                ContactQuery.Role.ANY,
                false,
                Duration.ofSeconds(ContactChoices.DEFAULT_SEARCH_WAIT_SECONDS)));
  }

  @Test
  void aSearchTakesItsChoicesInAnyCaseAndItsWait() {
    ContactQuery byEmail =
        new ContactSelector(" EMAIL ", null, " ada@example.com", null, "Lead", "ALL", 0).query();
    assertThat(byEmail)
        .isEqualTo(
            new ContactQuery(
                ContactQuery.By.EMAIL,
                "ada@example.com",
                "contactEmail",
                ContactQuery.Role.LEAD,
                true,
                Duration.ZERO));

    ContactQuery byExternalId =
        new ContactSelector("external_id", null, null, "cust-1", "user", "fail", 60).query();
    assertThat(byExternalId)
        .isEqualTo(
            new ContactQuery(
                ContactQuery.By.EXTERNAL_ID,
                "cust-1",
                "contactExternalId",
                ContactQuery.Role.USER,
                false,
                Duration.ofSeconds(60)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "phone|||contactBy: must be id, email or external_id, got 'phone'",
        "email|||contactEmail: must be the contact's email address, got nothing",
        "email|ada.example.com||contactEmail: must be the contact's email address, got a value"
            + " without '@'",
        "external_id|||contactExternalId: must be the user's id in your own system (Intercom's"
            + " external_id), got nothing",
        "email|ada@example.com|admin|contactRole: must be any, user or lead, got 'admin'",
        "|||contactId: must be the Intercom id of a contact, got nothing"
      })
  void aContactNoQueryCanBeMadeOfIsRefusedNamingTheField(
      String by, String value, String role, String message) {
    ContactSelector form =
        "email".equals(by)
            ? contact(by, null, value, null, role, null)
            : contact(by, value, null, null, role, null);
    assertThatThrownBy(form::query).isInstanceOf(IntercomInputException.class).hasMessage(message);
  }

  @Test
  void aValueWithAControlCharacterIsRefusedOnceNotAlsoForWhatItLacks() {
    ContactSelector form = contact("email", null, "ada\u0000example.com", null, null, null);

    assertThatThrownBy(form::query)
        .isInstanceOf(IntercomInputException.class)
        .hasMessage(
            "contactEmail: must be the contact's email address, got a value with a"
                + " control character");
  }

  @Test
  void everyContactFieldIsRefusedAtOnce() {
    ContactSelector form = new ContactSelector("email", null, "ada", null, "admin", "some", -1);

    assertThatThrownBy(form::query)
        .isInstanceOf(IntercomInputException.class)
        .hasMessage(
            "contactEmail: must be the contact's email address, got a value without '@';"
                + " contactRole: must be any, user or lead, got 'admin';"
                + " whenSeveralContactsMatch: must be fail or all, got 'some';"
                + " contactSearchWaitSeconds: must be 0 or more seconds");
  }

  @Test
  void aSubscriptionTypeIsNamedByIdByDefaultOrByName() {
    assertThat(new SubscriptionTypeSelector(null, " 108 ", "ignored").query())
        .isEqualTo(new TypeQuery(false, "108"));
    assertThat(new SubscriptionTypeSelector(" Name ", null, " Newsletters ").query())
        .isEqualTo(new TypeQuery(true, "Newsletters"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "label||subscriptionTypeBy: must be id or name, got 'label'",
        "id||subscriptionTypeId: must be the Intercom id of a subscription type, got nothing",
        "name||subscriptionTypeName: must be the name of a subscription type, got nothing"
      })
  void aSubscriptionTypeNoQueryCanBeMadeOfIsRefusedNamingTheField(
      String by, String value, String message) {
    SubscriptionTypeSelector form = new SubscriptionTypeSelector(by, value, value);
    assertThatThrownBy(form::query).isInstanceOf(IntercomInputException.class).hasMessage(message);
  }
}
