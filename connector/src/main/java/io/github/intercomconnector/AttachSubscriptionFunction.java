/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.model.AttachSubscriptionRequest;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Applied;
import io.github.intercomconnector.steps.EachContact;
import io.github.intercomconnector.steps.EvidenceWriter;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.RecordedCalls;
import io.github.intercomconnector.steps.Results;
import java.util.List;

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
      "consentTypeExpression",
      "legalBasis",
      "legalBasisExplanation"
    },
    type = AttachSubscriptionFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.attach-subscription",
    name = "Intercom: Attach subscription",
    version = 4,
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
          id = "legalBasis",
          label = "Legal basis",
          tooltip = "The basis of GDPR Art. 6(1) the change is made on: kept in the evidence.",
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
    this(TaskParts.shared());
  }

  public AttachSubscriptionFunction(TaskParts parts) {
    super(AttachSubscriptionRequest.class, parts);
  }

  /**
   * Attaches the type to the contact(s) with the consent type chosen; returns Intercom's
   * subscription type model with the evidence.
   */
  @Override
  protected Results.Subscription run(AttachSubscriptionRequest input, JobMemory.Job job) {
    Results.ConsentAnswerKept answer = EvidenceWriter.answer(input.answer());
    RecordedCalls calls = parts().calls(input.connection(), job);
    String consentType = input.effectiveConsentType();
    ContactQuery query = input.contact().query();
    SubscriptionType type = parts().types().named(calls, input.subscriptionType().query(), false);
    String typeId = type.id();
    List<Applied> applied =
        EachContact.apply(
            parts().contacts().find(calls, query, job),
            job,
            contact -> parts().changes().attach(calls, contact, typeId, consentType));
    return parts()
        .evidenceWriter()
        .result(calls, applied, type, "attach", consentType, answer, input.basis(), job);
  }
}
