/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.model.ContentTypes;
import io.github.intercomconnector.model.GetConsentRequest;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Action;
import io.github.intercomconnector.steps.Consent;
import io.github.intercomconnector.steps.Contacts;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.RecordedCalls;
import io.github.intercomconnector.steps.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The "Intercom: Get consent" task. */
@OutboundConnector(
    name = "Intercom: Get consent",
    inputVariables = {
      "connection",
      "contactBy",
      "contactId",
      "contactEmail",
      "contactExternalId",
      "contactRole",
      "whenSeveralContactsMatch",
      "contactSearchWaitSeconds",
      "subscriptionTypes",
      "contentType"
    },
    type = GetConsentFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.get-consent",
    name = "Intercom: Get consent",
    version = 2,
    description =
        "Read a person's whole consent picture: for every live subscription type (or the chosen"
            + " ones), whether the contact receives its messages, computed from the type's consent"
            + " model and what the contact chose, and the global email opt-out.",
    icon = "intercom-get-consent.svg",
    documentationRef = ConnectorDocs.GET_CONSENT,
    engineVersion = "^8.8",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "Intercom",
              "consent",
              "GDPR",
              "opt-in",
              "opt-out",
              "subscribe",
              "unsubscribe",
              "preferences",
              "subscription",
              "subject access request",
              "DSAR",
              "privacy",
              "get consent"
            }),
    inputDataClass = GetConsentRequest.class,
    defaultResultVariable = "consentPicture",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "authentication", label = "Authentication"),
      @ElementTemplate.PropertyGroup(id = "workspace", label = "Intercom workspace"),
      @ElementTemplate.PropertyGroup(id = "contact", label = "Contact"),
      @ElementTemplate.PropertyGroup(id = "filter", label = "Filter"),
      @ElementTemplate.PropertyGroup(
          id = "timeouts",
          label = "Timeouts",
          tooltip = "How long one HTTP exchange with Intercom may take.",
          openByDefault = false)
    })
public class GetConsentFunction extends IntercomTask<GetConsentRequest> {

  public static final String TYPE = "io.github.intercomconnector:get-consent:1";

  public GetConsentFunction() {
    this(TaskParts.shared());
  }

  public GetConsentFunction(TaskParts parts) {
    super(GetConsentRequest.class, parts);
  }

  /**
   * For every live subscription type (or the chosen ones), whether the contact(s) receive its
   * messages, computed from its consent model and what the contact chose, and the contact's global
   * email opt-out.
   */
  @Override
  protected Results.ConsentPicture run(GetConsentRequest input, JobMemory.Job job) {
    RecordedCalls calls = parts().calls(input.connection(), job);
    ContactQuery query = input.contact().query();
    List<SubscriptionType> chosen =
        parts().types().chosen(calls, input.typesWanted(), input.contentTypeOrAny());
    List<Results.ContactPicture> pictures = new ArrayList<>();
    List<Results.ContactOutcome> read = new ArrayList<>();
    for (FoundContact found : parts().contacts().find(calls, query, job)) {
      Contacts.Read now = parts().contacts().read(calls, found);
      FoundContact contact = now.found();
      boolean unsubscribedFromEmails = now.unsubscribedFromEmails();
      Set<String> attached = Contacts.attachedIds(calls, contact);
      List<Results.TypePicture> types = new ArrayList<>();
      for (SubscriptionType type : chosen) {
        types.add(picture(type, attached, unsubscribedFromEmails));
      }
      pictures.add(
          new Results.ContactPicture(
              contact.id(),
              contact.role(),
              contact.foundBy(),
              contact.mergedFrom(),
              unsubscribedFromEmails,
              types));
      read.add(
          Results.ContactOutcome.of(
              contact, Action.READ, new Results.Details(null, null, null, unsubscribedFromEmails)));
    }
    List<String> typeIds = chosen.stream().map(SubscriptionType::id).toList();
    return new Results.ConsentPicture(
        pictures, parts().evidenceWriter().read(calls, read, typeIds, job));
  }

  /** One type in a person's consent picture. */
  private static Results.TypePicture picture(
      SubscriptionType type, Set<String> attached, boolean unsubscribedFromEmails) {
    String id = type.id();
    String consentType = type.consentType();
    boolean isAttached = attached.contains(id);
    boolean receives = Consent.receives(consentType, isAttached);
    List<String> kinds = type.contentTypes();
    return new Results.TypePicture(
        id,
        type.shownName(),
        consentType,
        kinds,
        isAttached,
        receives,
        receives && kinds.contains(ContentTypes.EMAIL) && !unsubscribedFromEmails,
        receives && kinds.contains(ContentTypes.SMS));
  }
}
