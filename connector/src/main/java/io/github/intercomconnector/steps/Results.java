/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.model.LegalBasis;
import java.util.List;
import java.util.Map;

/**
 * What the tasks return to the process, as records: serialised to the JSON the README's result
 * tables describe. Fields that are null are written as null (so that FEEL finds them), except where
 * a field belongs to one task only: those are left out when they do not apply.
 */
public final class Results {

  /** The result's key for the evidence: beside Intercom's model where a result carries one. */
  public static final String EVIDENCE = "consentEvidence";

  private Results() {}

  /**
   * The result of Attach, Detach and Set consent: Intercom's subscription type model as it came
   * (its fields at the top level), and the evidence.
   */
  @JsonInclude(Include.ALWAYS)
  public record Subscription(
      @JsonAnyGetter Map<String, Object> model,
      @JsonProperty(EVIDENCE) ConsentEvidence consentEvidence) {}

  /**
   * The result of Set email opt-out: the global email opt-out of the contacts afterwards, and the
   * evidence. Intercom's answer to the change (the contact with its email, name and more) is not
   * kept.
   */
  @JsonInclude(Include.ALWAYS)
  public record EmailOptOut(
      boolean unsubscribedFromEmails, @JsonProperty(EVIDENCE) ConsentEvidence consentEvidence) {}

  /** The result of Get consent: each contact's consent picture, and the evidence. */
  @JsonInclude(Include.ALWAYS)
  public record ConsentPicture(
      List<ContactPicture> contacts, @JsonProperty(EVIDENCE) ConsentEvidence consentEvidence) {}

  /** One contact's consent picture. */
  @JsonInclude(Include.ALWAYS)
  public record ContactPicture(
      String id,
      String role,
      String foundBy,
      String mergedFrom,
      boolean unsubscribedFromEmails,
      List<TypePicture> subscriptions) {}

  /** Whether a contact receives one subscription type's messages, and why. */
  @JsonInclude(Include.ALWAYS)
  public record TypePicture(
      String id,
      String name,
      String consentType,
      List<String> contentTypes,
      boolean attached,
      boolean receives,
      boolean receivesEmail,
      boolean receivesSms) {}

  /**
   * The record a process can keep as proof of consent: which contacts and how they were found, the
   * subscription type, the action, the consent type sent, whether the contact receives the messages
   * afterwards, when (Intercom's clock where it gave one), Intercom's request ids, the API version
   * and host, the legal basis and the process that made it. No token, and no personal data beyond
   * what the process gave.
   *
   * @param contacts {@link ContactResult}s, or for Get consent the {@link ContactOutcome}s read
   * @param subscriptionType left out by Get consent, which lists {@code subscriptionTypes}
   * @param answer what the person was shown and answered; left out by Get consent
   * @param legalBasis the basis of GDPR Art. 6(1) the process gave, or null (always for Get
   *     consent)
   * @param madeBy the process instance, element and job that made the record
   */
  @JsonInclude(Include.ALWAYS)
  public record ConsentEvidence(
      String task,
      List<?> contacts,
      @JsonInclude(Include.NON_NULL) TypeNamed subscriptionType,
      Action action,
      String consentTypeSent,
      Boolean receives,
      String at,
      String clock,
      List<String> requestIds,
      String intercomVersion,
      String intercomHost,
      @JsonInclude(Include.NON_NULL) List<String> subscriptionTypes,
      @JsonInclude(Include.NON_NULL) ConsentAnswerKept answer,
      LegalBasis.Kept legalBasis,
      MadeBy madeBy) {}

  /** The subscription type as the evidence names it; the name is null when it was not read. */
  @JsonInclude(Include.ALWAYS)
  public record TypeNamed(String id, String name, String consentType) {}

  /** What the person was shown, where and when they answered (UTC), as the process gave them. */
  @JsonInclude(Include.ALWAYS)
  public record ConsentAnswerKept(String wording, String source, String answeredAt) {}

  /**
   * What a task did to one contact, as the evidence (and, for contacts that failed, the error
   * variables) list it. The contact's fields are always there; the rest only where they apply.
   */
  @JsonInclude(Include.NON_NULL)
  public record ContactOutcome(
      @JsonInclude(Include.ALWAYS) String id,
      @JsonInclude(Include.ALWAYS) String role,
      @JsonInclude(Include.ALWAYS) String foundBy,
      @JsonInclude(Include.ALWAYS) String mergedFrom,
      @JsonInclude(Include.ALWAYS) Action action,
      Boolean receivesBefore,
      Boolean attachedBefore,
      Boolean attachedAfter,
      Boolean unsubscribedFromEmails,
      String errorCode,
      String error) {

    /** The outcome for a contact, with the details a task adds (or none). */
    public static ContactOutcome of(FoundContact contact, Action action, Details details) {
      Details d = details == null ? Details.NONE : details;
      return new ContactOutcome(
          contact.id(),
          contact.role(),
          contact.foundBy(),
          contact.mergedFrom(),
          action,
          d.receivesBefore(),
          d.attachedBefore(),
          d.attachedAfter(),
          d.unsubscribedFromEmails(),
          null,
          null);
    }

    /** The details this outcome holds beyond the contact and the action. */
    public Details details() {
      return new Details(receivesBefore, attachedBefore, attachedAfter, unsubscribedFromEmails);
    }

    /** This outcome for a contact whose change failed, with the documented code and the message. */
    public ContactOutcome failed(String code, String message) {
      return new ContactOutcome(
          id,
          role,
          foundBy,
          mergedFrom,
          action,
          receivesBefore,
          attachedBefore,
          attachedAfter,
          unsubscribedFromEmails,
          code,
          message);
    }
  }

  /**
   * What the evidence says of a contact beyond the action (Set consent's state before and after,
   * Set email opt-out's flag before): null where it does not apply.
   */
  public record Details(
      Boolean receivesBefore,
      Boolean attachedBefore,
      Boolean attachedAfter,
      Boolean unsubscribedFromEmails) {

    public static final Details NONE = new Details(null, null, null, null);
  }

  /** One contact in the evidence of a change: its outcome, and whether it receives afterwards. */
  @JsonInclude(Include.ALWAYS)
  public record ContactResult(@JsonUnwrapped ContactOutcome outcome, Boolean receives) {}
}
