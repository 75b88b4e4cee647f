/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.intercomconnector.client.ApiVersions;
import io.github.intercomconnector.client.IntercomSettings;
import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.lookup.SubscriptionType;
import io.github.intercomconnector.model.LegalBasis;
import io.github.intercomconnector.testing.TestClock;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The evidence's rules for several contacts, and for none, which no task reaches. */
class EvidenceWriterTest {

  private static final Map<String, Object> OPT_IN_TYPE =
      Map.of("type", "subscription", "id", "108", "consent_type", "opt_in");

  private final EvidenceWriter evidence = new EvidenceWriter(new TestClock());
  private final RecordedCalls noCalls =
      new RecordedCalls(
          null,
          new IntercomSettings(
              HttpUrl.get("https://api.intercom.io"),
              "token",
              ApiVersions.NEWEST_STABLE,
              IntercomSettings.Timeouts.DEFAULT),
          null);

  private static Applied applied(String id, Action action) {
    return new Applied(new FoundContact(id, "user", "email", null), OPT_IN_TYPE, action);
  }

  @Test
  void contactsThatReceiveAlikeGiveOneAnswer() {
    Results.ConsentEvidence e =
        evidence
            .result(
                noCalls,
                List.of(applied("c-1", Action.ATTACHED), applied("c-2", Action.ATTACHED)),
                SubscriptionType.of(OPT_IN_TYPE),
                "attach",
                "opt_in",
                null,
                null,
                new JobMemory.Job())
            .consentEvidence();
    assertThat(e.action()).isEqualTo(Action.ATTACHED);
    assertThat(e.receives()).isTrue();
  }

  @Test
  void contactsThatReceiveDifferentlyGiveNoneForAllAndMixed() {
    // The first receives, the second not: no single answer for both, whichever comes first.
    for (List<Applied> applied :
        List.of(
            List.of(applied("c-1", Action.ATTACHED), applied("c-2", Action.ALREADY_DETACHED)),
            List.of(applied("c-2", Action.ALREADY_DETACHED), applied("c-1", Action.ATTACHED)))) {
      Results.ConsentEvidence e =
          evidence
              .result(
                  noCalls,
                  applied,
                  SubscriptionType.of(OPT_IN_TYPE),
                  "detach",
                  null,
                  null,
                  null,
                  new JobMemory.Job())
              .consentEvidence();
      assertThat(e.action()).isEqualTo(Action.MIXED);
      assertThat(e.receives()).as("receives, for %s", applied).isNull();
    }
  }

  @Test
  void aResultWithoutAContactsChangeIsRefusedNotCalledMixed() {
    assertThatThrownBy(() ->
            evidence.result(
                noCalls,
                List.of(),
                SubscriptionType.of(OPT_IN_TYPE),
                "attach",
                "opt_in",
                null,
                null,
                new JobMemory.Job()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A change's result needs at least one contact's change");
  }

  @Test
  void theEvidenceKeepsTheLegalBasisAndTheProcessThatMadeIt() {
    JobMemory.Job job = new JobMemory.Job();
    MadeBy madeBy =
        new MadeBy(
            "consent",
            3,
            "2251799813685249",
            "2251799813685300",
            "Record",
            "2251799813685310",
            "io.github.intercomconnector:attach-subscription:1",
            "<default>");
    job.madeBy(madeBy);
    Results.ConsentEvidence e =
        evidence
            .result(
                noCalls,
                List.of(applied("c-1", Action.ATTACHED)),
                SubscriptionType.of(OPT_IN_TYPE),
                "attach",
                "opt_in",
                null,
                new LegalBasis("consent", "Signup form, section 2"),
                job)
            .consentEvidence();
    assertThat(e.legalBasis())
        .isEqualTo(new LegalBasis.Kept("consent", "Art. 6(1)(a)", "Signup form, section 2"));
    assertThat(e.madeBy()).isEqualTo(madeBy);

    Results.ConsentEvidence none =
        evidence
            .result(
                noCalls,
                List.of(applied("c-1", Action.ATTACHED)),
                SubscriptionType.of(OPT_IN_TYPE),
                "attach",
                "opt_in",
                null,
                new LegalBasis("none", null),
                new JobMemory.Job())
            .consentEvidence();
    assertThat(none.legalBasis()).isNull();
    assertThat(none.madeBy()).isNull();
  }
}
