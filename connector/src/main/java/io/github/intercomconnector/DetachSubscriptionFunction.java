/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.model.DetachSubscriptionRequest;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Applied;
import io.github.intercomconnector.steps.EachContact;
import io.github.intercomconnector.steps.EvidenceWriter;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.RecordedCalls;
import io.github.intercomconnector.steps.Results;
import java.util.List;

/** The "Intercom: Detach subscription" task. */
@OutboundConnector(
    name = "Intercom: Detach subscription",
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
      "alreadyDetachedCountsAsSuccess",
      "legalBasis",
      "legalBasisExplanation"
    },
    type = DetachSubscriptionFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.detach-subscription",
    name = "Intercom: Detach subscription",
    version = 4,
    description =
        "Detach (remove) an Intercom subscription type from a contact: the contact returns to "
            + "the type's default. Returns Intercom's model of the removed subscription type.",
    icon = "intercom-detach-subscription.svg",
    documentationRef = ConnectorDocs.DETACH,
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
              "detach",
              "remove",
              "withdraw"
            }),
    inputDataClass = DetachSubscriptionRequest.class,
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
public class DetachSubscriptionFunction extends IntercomTask<DetachSubscriptionRequest> {

  public static final String TYPE = "io.github.intercomconnector:detach-subscription:1";

  public DetachSubscriptionFunction() {
    this(TaskParts.shared());
  }

  public DetachSubscriptionFunction(TaskParts parts) {
    super(DetachSubscriptionRequest.class, parts);
  }

  /**
   * Detaches the type from the contact(s); returns Intercom's model of the removed type with the
   * evidence. With "already detached counts as success", a 404 for a contact that exists and does
   * not have the type is {@code already_detached}.
   */
  @Override
  protected Results.Subscription run(DetachSubscriptionRequest input, JobMemory.Job job) {
    Results.ConsentAnswerKept answer = EvidenceWriter.answer(input.answer());
    RecordedCalls calls = parts().calls(input.connection(), job);
    ContactQuery query = input.contact().query();
    SubscriptionType type = parts().types().named(calls, input.subscriptionType().query(), false);
    String typeId = type.id();
    boolean alreadyDetachedIsSuccess = input.alreadyDetachedIsSuccess();
    List<Applied> applied =
        EachContact.apply(
            parts().contacts().find(calls, query, job),
            job,
            contact ->
                parts().changes().detach(calls, contact, typeId, alreadyDetachedIsSuccess, job));
    return parts()
        .evidenceWriter()
        .result(calls, applied, type, "detach", null, answer, input.basis(), job);
  }
}
