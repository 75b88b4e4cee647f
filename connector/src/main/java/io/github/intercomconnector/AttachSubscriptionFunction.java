/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.model.AttachSubscriptionRequest;

/** The "Intercom: Attach subscription" task. */
@OutboundConnector(
    name = "Intercom: Attach subscription",
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
      "consentType",
      "consentTypeExpression"
    },
    type = AttachSubscriptionFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.attach-subscription",
    name = "Intercom: Attach subscription",
    version = 3,
    description =
        "Attach an Intercom subscription type to a contact: opt in (opt-in types) or opt out "
            + "(opt-out types). Returns Intercom's subscription type model.",
    icon = "intercom-attach-subscription.svg",
    documentationRef = ConnectorDocs.ATTACH,
    engineVersion = "^8.8",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "Intercom",
              "subscription",
              "consent",
              "GDPR",
              "opt-in",
              "opt-out",
              "subscribe",
              "unsubscribe",
              "preferences",
              "attach",
              "newsletter",
              "marketing"
            }),
    inputDataClass = AttachSubscriptionRequest.class,
    defaultResultVariable = "subscription",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "authentication", label = "Authentication"),
      @ElementTemplate.PropertyGroup(id = "workspace", label = "Intercom workspace"),
      @ElementTemplate.PropertyGroup(id = "contact", label = "Contact"),
      @ElementTemplate.PropertyGroup(id = "subscription", label = "Subscription"),
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
public class AttachSubscriptionFunction extends IntercomTask<AttachSubscriptionRequest> {

  public static final String TYPE = "io.github.intercomconnector:attach-subscription:1";

  public AttachSubscriptionFunction() {
    this(SubscriptionService.shared());
  }

  public AttachSubscriptionFunction(SubscriptionService service) {
    super(AttachSubscriptionRequest.class, service);
  }

  @Override
  Object run(AttachSubscriptionRequest input, JobMemory.Job job) {
    return service().attach(input, job);
  }
}
