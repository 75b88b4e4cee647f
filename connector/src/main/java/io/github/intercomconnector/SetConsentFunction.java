/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.model.SetConsentRequest;

/** The "Intercom: Set consent" task. */
@OutboundConnector(
    name = "Intercom: Set consent",
    inputVariables = {
      "connection",
      "contactBy",
      "contactId",
      "contactEmail",
      "contactExternalId",
      "contactRole",
      "whenSeveralContactsMatch",
      "contactSearchWaitSeconds",
      "subscriptionTypeBy",
      "subscriptionTypeId",
      "subscriptionTypeName",
      "consentWording",
      "consentSource",
      "consentAnsweredAt",
      "contactAgrees"
    },
    type = SetConsentFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.set-consent",
    name = "Intercom: Set consent",
    version = 2,
    description =
        "Record a person's yes or no to a subscription type: the connector reads the type's"
            + " consent model and attaches or detaches it as the answer needs, or leaves it. Returns"
            + " Intercom's subscription type model and the evidence of consent.",
    icon = "intercom-set-consent.svg",
    documentationRef = ConnectorDocs.SET_CONSENT,
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
              "agree",
              "withdraw",
              "newsletter",
              "set consent"
            }),
    inputDataClass = SetConsentRequest.class,
    defaultResultVariable = "consent",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "authentication", label = "Authentication"),
      @ElementTemplate.PropertyGroup(id = "workspace", label = "Intercom workspace"),
      @ElementTemplate.PropertyGroup(id = "contact", label = "Contact"),
      @ElementTemplate.PropertyGroup(id = "subscription", label = "Subscription"),
      @ElementTemplate.PropertyGroup(id = "consent", label = "Consent"),
      @ElementTemplate.PropertyGroup(
          id = "evidence",
          label = "Evidence of consent",
          tooltip = "What the person was shown, where and when they answered: kept in the result.",
          openByDefault = false),
      @ElementTemplate.PropertyGroup(
          id = "timeouts",
          label = "Timeouts",
          tooltip = "How long one HTTP exchange with Intercom may take.",
          openByDefault = false)
    })
public class SetConsentFunction extends IntercomTask<SetConsentRequest> {

  public static final String TYPE = "io.github.intercomconnector:set-consent:1";

  public SetConsentFunction() {
    this(SubscriptionService.shared());
  }

  public SetConsentFunction(SubscriptionService service) {
    super(SetConsentRequest.class, service);
  }

  @Override
  Object run(SetConsentRequest input, JobMemory.Job job) {
    return service().setConsent(input, job);
  }
}
