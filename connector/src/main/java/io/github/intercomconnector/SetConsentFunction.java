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
import io.github.intercomconnector.model.SetConsentRequest;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Action;
import io.github.intercomconnector.steps.Applied;
import io.github.intercomconnector.steps.Consent;
import io.github.intercomconnector.steps.Contacts;
import io.github.intercomconnector.steps.EachContact;
import io.github.intercomconnector.steps.EvidenceWriter;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.RecordedCalls;
import io.github.intercomconnector.steps.Results;
import java.util.List;

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
      "contactAgrees",
      "legalBasis",
      "legalBasisExplanation"
    },
    type = SetConsentFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.set-consent",
    name = "Intercom: Set consent",
    version = 3,
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
public class SetConsentFunction extends IntercomTask<SetConsentRequest> {

  public static final String TYPE = "io.github.intercomconnector:set-consent:1";

  public SetConsentFunction() {
    this(TaskParts.shared());
  }

  public SetConsentFunction(TaskParts parts) {
    super(SetConsentRequest.class, parts);
  }

  /**
   * From the person's yes or no and the type's consent model, attaches, detaches or leaves the
   * type; returns Intercom's subscription type model with the evidence, which says the state before
   * and after.
   */
  @Override
  protected Results.Subscription run(SetConsentRequest input, JobMemory.Job job) {
    Results.ConsentAnswerKept answer = EvidenceWriter.answer(input.answer());
    RecordedCalls calls = parts().calls(input.connection(), job);
    boolean agrees = input.contactAgrees();
    ContactQuery query = input.contact().query();
    SubscriptionType type = parts().types().named(calls, input.subscriptionType().query(), true);
    List<Applied> applied =
        EachContact.apply(
            parts().contacts().find(calls, query, job),
            job,
            contact -> setOne(calls, contact, type, agrees, job));
    String sent =
        applied.stream()
            .filter(a -> a.action() == Action.ATTACHED)
            .map(a -> type.consentType())
            .findFirst()
            .orElse(null);
    return parts()
        .evidenceWriter()
        .result(calls, applied, type, "setConsent", sent, answer, input.basis(), job);
  }

  /**
   * Set consent for one contact: read whether it has the type attached, then attach or detach as
   * the person's yes or no needs, or leave it. A retry after a lost answer (Intercom's, to an
   * earlier attempt) finds the wanted state and says what that attempt did.
   */
  private Applied setOne(
      RecordedCalls calls,
      FoundContact found,
      SubscriptionType type,
      boolean agrees,
      JobMemory.Job job) {
    Contacts.Read read = parts().contacts().read(calls, found);
    FoundContact contact = read.found();
    String typeId = type.id();
    String consentType = type.consentType();
    boolean attachedNow = Contacts.attachedIds(calls, contact).contains(typeId);
    // An earlier attempt of this job that sent a change saw the state before it.
    JobMemory.Tried earlier = job.tried(contact.id());
    boolean attachedBefore = earlier != null ? earlier.stateBefore() : attachedNow;
    boolean wantAttached = Consent.attachedFor(consentType, agrees);
    Results.Details details =
        new Results.Details(
            Consent.receives(consentType, attachedBefore),
            attachedBefore,
            wantAttached,
            read.unsubscribedFromEmails());
    if (attachedNow == wantAttached) {
      return new Applied(
          contact,
          type.model(),
          earlier != null ? earlier.action() : Action.UNCHANGED,
          details,
          type);
    }
    Action action = wantAttached ? Action.ATTACHED : Action.DETACHED;
    job.trying(contact.id(), action, attachedBefore);
    Applied done =
        wantAttached
            ? parts().changes().attach(calls, contact, typeId, consentType)
            : parts().changes().detach(calls, contact, typeId, true, job);
    return new Applied(
        done.contact(), done.model() != null ? done.model() : type.model(), action, details, type);
  }
}
