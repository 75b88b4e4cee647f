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
      "contactId",
      "subscriptionTypeId",
      "consentType",
      "consentTypeExpression"
    },
    type = AttachSubscriptionFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.attach-subscription",
    name = "Intercom: Attach subscription",
    version = 1,
    description =
        "Attach an Intercom subscription type to a contact: opt in (opt-in types) or opt out "
            + "(opt-out types). Returns Intercom's subscription type model.",
    icon = "intercom-subscription.svg",
    documentationRef = ConnectorDocs.ATTACH,
    engineVersion = "^8.8",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "Intercom",
              "subscription",
              "consent",
              "opt-in",
              "opt-out",
              "GDPR",
              "attach",
              "subscribe"
            }),
    inputDataClass = AttachSubscriptionRequest.class,
    defaultResultVariable = "subscription",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "authentication", label = "Authentication"),
      @ElementTemplate.PropertyGroup(id = "workspace", label = "Intercom workspace"),
      @ElementTemplate.PropertyGroup(id = "subscription", label = "Subscription"),
      @ElementTemplate.PropertyGroup(
          id = "timeouts",
          label = "Timeouts",
          tooltip = "How long one HTTP exchange with Intercom may take.",
          openByDefault = false)
    })
public class AttachSubscriptionFunction extends IntercomTask<AttachSubscriptionRequest> {

  public static final String TYPE = "io.github.intercomconnector:attach-subscription:1";

  private final SubscriptionService service;

  public AttachSubscriptionFunction() {
    this(SubscriptionService.shared());
  }

  public AttachSubscriptionFunction(SubscriptionService service) {
    super(AttachSubscriptionRequest.class);
    this.service = service;
  }

  @Override
  Object run(AttachSubscriptionRequest input) {
    return service.attach(input);
  }
}
