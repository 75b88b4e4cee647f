/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.github.intercomconnector.lookup.ContactQuery;
import io.github.intercomconnector.model.EraseContactRequest;
import io.github.intercomconnector.outbound.IntercomTask;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.steps.Applied;
import io.github.intercomconnector.steps.EachContact;
import io.github.intercomconnector.steps.Erasures;
import io.github.intercomconnector.steps.JobMemory;
import io.github.intercomconnector.steps.RecordedCalls;
import java.util.List;

/** The "Intercom: Erase contact" task. */
@OutboundConnector(
    name = "Intercom: Erase contact",
    inputVariables = {
      "connection",
      "contactBy",
      "contactId",
      "contactEmail",
      "contactExternalId",
      "contactRole",
      "whenSeveralContactsMatch",
      "contactSearchWaitSeconds",
      "eraseBy",
      "legalBasis",
      "legalBasisExplanation"
    },
    type = EraseContactFunction.TYPE)
@ElementTemplate(
    id = "io.github.intercomconnector.erase-contact",
    name = "Intercom: Erase contact",
    version = 2,
    description =
        "Erase a person from Intercom (GDPR Art. 17): every matching contact, lead and user,"
            + " deleted permanently or archived. Finding nobody is an answer: nothing_to_erase."
            + " The evidence keeps Intercom's ids, never the person's email or external id.",
    icon = "intercom-erase-contact.svg",
    documentationRef = ConnectorDocs.ERASE_CONTACT,
    engineVersion = "^8.8",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "Intercom",
              "GDPR",
              "erase",
              "erasure",
              "delete",
              "archive",
              "right to be forgotten",
              "Art. 17",
              "privacy",
              "DSAR",
              "contact"
            }),
    inputDataClass = EraseContactRequest.class,
    defaultResultVariable = "erasure",
    propertyGroups = {
      @ElementTemplate.PropertyGroup(id = "authentication", label = "Authentication"),
      @ElementTemplate.PropertyGroup(id = "workspace", label = "Intercom workspace"),
      @ElementTemplate.PropertyGroup(id = "contact", label = "Contact"),
      @ElementTemplate.PropertyGroup(id = "erasure", label = "Erasure"),
      @ElementTemplate.PropertyGroup(
          id = "legalBasis",
          label = "Legal basis",
          tooltip = "The basis of GDPR Art. 6(1) the erasure is made on: kept in the evidence.",
          openByDefault = false),
      @ElementTemplate.PropertyGroup(
          id = "timeouts",
          label = "Timeouts",
          tooltip = "How long one HTTP exchange with Intercom may take.",
          openByDefault = false)
    })
public class EraseContactFunction extends IntercomTask<EraseContactRequest> {

  public static final String TYPE = "io.github.intercomconnector:erase-contact:1";

  public EraseContactFunction() {
    this(TaskParts.shared());
  }

  public EraseContactFunction(TaskParts parts) {
    super(EraseContactRequest.class, parts);
  }

  /**
   * Deletes (or archives) every contact the lookup found, decided once per job; nobody found is
   * {@code nothing_to_erase}. A contact erased in an earlier attempt is not erased again.
   */
  @Override
  protected Erasures.ErasureResult run(EraseContactRequest input, JobMemory.Job job) {
    RecordedCalls calls = parts().calls(input.connection(), job);
    ContactQuery query = input.contact().query();
    boolean archive = input.archives();
    Erasures erasures = parts().erasures();
    List<Applied> applied =
        EachContact.apply(
            erasures.toErase(calls, query, job),
            job,
            contact -> erasures.erase(calls, contact, archive, job));
    return erasures.result(calls, query, archive, applied, input.basis(), job);
  }
}
