/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.model.GetConsentRequest;

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
    this(SubscriptionService.shared());
  }

  public GetConsentFunction(SubscriptionService service) {
    super(GetConsentRequest.class, service);
  }

  @Override
  Object run(GetConsentRequest input, JobMemory.Job job) {
    return service().getConsent(input, job);
  }
}
