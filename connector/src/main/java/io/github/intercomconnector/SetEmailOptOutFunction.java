/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.model.SetEmailOptOutRequest;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Applied;
import io.github.intercomconnector.steps.EachContact;
import io.github.intercomconnector.steps.EmailOptOuts;
import io.github.intercomconnector.steps.EvidenceWriter;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.RecordedCalls;
import io.github.intercomconnector.steps.Results;
import java.util.List;

/** The "Intercom: Set email opt-out" task. */
@OutboundConnector(
    name = "Intercom: Set email opt-out",
    inputVariables = {
      "connection",
      "contactBy",
      "contactId",
      "contactEmail",
      "contactExternalId",
      "contactRole",
      "whenSeveralContactsMatch",
      "contactSearchWaitSeconds",
      "consentWording",
      "consentSource",
      "consentAnsweredAt",
      "contactAgrees",
      "legalBasis",
      "legalBasisExplanation"
    },
    type = SetEmailOptOutFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.set-email-opt-out",
    name = "Intercom: Set email opt-out",
    version = 1,
    description =
        "Record a person's yes or no to email at all: a no sets Intercom's global email opt-out"
            + " (unsubscribed_from_emails) on every matching contact, a yes clears it; a contact"
            + " already as wanted is left. Returns the flag and the evidence of consent.",
    icon = "intercom-set-email-opt-out.svg",
    documentationRef = ConnectorDocs.SET_EMAIL_OPT_OUT,
    engineVersion = "^8.8",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "Intercom",
              "consent",
              "GDPR",
              "email",
              "opt-out",
              "unsubscribe",
              "unsubscribe from all",
              "stop all email",
              "global unsubscribe",
              "unsubscribed_from_emails",
              "resubscribe",
              "withdraw"
            }),
    inputDataClass = SetEmailOptOutRequest.class,
    defaultResultVariable = "emailOptOut",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "authentication", label = "Authentication"),
      @ElementTemplate.PropertyGroup(id = "workspace", label = "Intercom workspace"),
      @ElementTemplate.PropertyGroup(id = "contact", label = "Contact"),
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
public class SetEmailOptOutFunction extends IntercomTask<SetEmailOptOutRequest> {

  public static final String TYPE = "io.github.intercomconnector:set-email-opt-out:1";

  public SetEmailOptOutFunction() {
    this(TaskParts.shared());
  }

  public SetEmailOptOutFunction(TaskParts parts) {
    super(SetEmailOptOutRequest.class, parts);
  }

  /**
   * From the person's yes or no to email, clears or sets the global email opt-out of each contact
   * found where it differs; returns the flag afterwards with the evidence.
   */
  @Override
  protected Results.EmailOptOut run(SetEmailOptOutRequest input, JobMemory.Job job) {
    Results.ConsentAnswerKept answer = EvidenceWriter.answer(input.answer());
    RecordedCalls calls = parts().calls(input.connection(), job);
    boolean unsubscribe = !input.contactAgrees();
    ContactQuery query = input.contact().query();
    EmailOptOuts optOuts = parts().emailOptOuts();
    List<Applied> applied =
        EachContact.apply(
            parts().contacts().find(calls, query, job),
            job,
            contact -> optOuts.set(calls, contact, unsubscribe, job));
    return optOuts.result(calls, applied, answer, input.basis(), job);
  }
}
