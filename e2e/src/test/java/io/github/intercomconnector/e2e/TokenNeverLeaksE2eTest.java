/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static io.github.intercomconnector.sandbox.ExampleWorkspace.NEWSLETTERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.examples.ProcessOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No access token appears in any log line of the run, in any variable the engine holds, in any
 * incident or in any job's error message. The test makes its own success and incident first, so it
 * proves something in any order; it runs last so that it sees what the other tests did too.
 */
@Order(Integer.MAX_VALUE)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TokenNeverLeaksE2eTest {

  final E2eStack stack = E2eStack.get();

  @BeforeAll
  static void somethingToLookAt() {
    E2eStack stack = E2eStack.get();
    ProcessOutcome done =
        stack.processes.run(
            E2eStack.ONBOARDING_BY_ID_PROCESS,
            Map.of("contactId", GRACE, "newsletterSubscriptionTypeId", NEWSLETTERS),
            Duration.ofSeconds(30));
    assertThat(done.completed()).as("a successful job").isTrue();
    String wrongToken =
        stack.deploy(
            stack
                .variant(E2eStack.ONBOARDING_BY_ID)
                .input("connection.accessToken", "{{secrets.INTERCOM_WRONG_TOKEN}}"));
    ProcessOutcome refused =
        stack.processes.run(
            wrongToken,
            Map.of("contactId", GRACE, "newsletterSubscriptionTypeId", NEWSLETTERS),
            Duration.ofSeconds(30));
    assertThat(refused.incidents()).as("an incident for a refused token").hasSize(1);
    ProcessOutcome unknown =
        stack.processes.run(
            stack.deploy(
                stack
                    .variant("onboarding.bpmn")
                    .input("contactSearchWaitSeconds", "=0")
                    .header("errorExpression", "=null")),
            Map.of("email", "private.person@example.com", "newsletterOptIn", true),
            Duration.ofSeconds(30));
    assertThat(unknown.incidents()).as("an incident for an email nobody has").hasSize(1);
    ProcessOutcome consent =
        stack.processes.run(
            "intercom-gdpr-consent",
            Map.of(
                "customerId", "cust-1006", "subscriptionName", "Newsletters", "consentGiven", true),
            Duration.ofSeconds(30));
    assertThat(consent.completed()).as("a Set consent job").isTrue();
    ProcessOutcome picture =
        stack.processes.run(
            "intercom-subject-access-request",
            Map.of("email", "grace@example.com"),
            Duration.ofSeconds(30));
    assertThat(picture.completed()).as("a Get consent job").isTrue();
  }

  /** An email address with more than its first character before the @: not masked. */
  static final Pattern FULL_EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\\.[A-Za-z.]+");

  @Test
  void noFullEmailInIncidentsJobErrorsOrTheConnectorsLog() throws IOException {
    RecordStream records = RecordStream.of(InMemoryEngines.records(stack.engine));
    List<String> read = new ArrayList<>();
    for (Record<IncidentRecordValue> r : records.incidentRecords()) {
      read.add(r.getValue().getErrorMessage());
    }
    for (Record<JobRecordValue> r : records.jobRecords()) {
      read.add(r.getValue().getErrorMessage());
    }
    for (String line :
        Files.readAllLines(Path.of(System.getProperty("e2e.log", "target/e2e-run.log")))) {
      if (line.contains(" i.g.i.") || line.contains("io.github.intercomconnector.")) {
        read.add(line);
      }
    }
    assertThat(String.join("\n", read))
        .as("incidents name a masked email")
        .contains("p***@example.com");
    assertThat(read).noneMatch(text -> text != null && FULL_EMAIL.matcher(text).find());
  }

  @Test
  void noTokenInTheLogOfTheWholeRun() throws IOException {
    Path log = Path.of(System.getProperty("e2e.log", "target/e2e-run.log"));
    String text = Files.readString(log);
    assertThat(text)
        .as("the run logged the connector's work")
        .contains("io.github.intercomconnector");
    for (String token : E2eStack.TOKENS) {
      assertThat(text).doesNotContain(token);
    }
    assertThat(text).doesNotContain("tok_E2E_revoked_0000");
  }

  @Test
  void noTokenInVariablesIncidentsOrJobErrors() {
    RecordStream records = RecordStream.of(InMemoryEngines.records(stack.engine));
    StringBuilder all = new StringBuilder();
    int incidents = 0;
    for (Record<VariableRecordValue> r : records.variableRecords()) {
      all.append(r.getValue().getName()).append('=').append(r.getValue().getValue()).append('\n');
    }
    for (Record<IncidentRecordValue> r : records.incidentRecords()) {
      all.append(r.getValue().getErrorMessage()).append('\n');
      incidents++;
    }
    for (Record<JobRecordValue> r : records.jobRecords()) {
      all.append(r.getValue().getErrorMessage()).append(r.getValue().getVariables()).append('\n');
    }
    assertThat(incidents).as("incidents to look into").isPositive();
    assertThat(all.toString()).contains("{{secrets.INTERCOM_ACCESS_TOKEN}}");
    assertThat(all.toString())
        .as("results of all four tasks looked into")
        .contains("\"task\":\"attach\"")
        .contains("\"task\":\"setConsent\"")
        .contains("\"task\":\"getConsent\"");
    for (String token : E2eStack.TOKENS) {
      assertThat(all.toString()).doesNotContain(token);
    }
  }
}
