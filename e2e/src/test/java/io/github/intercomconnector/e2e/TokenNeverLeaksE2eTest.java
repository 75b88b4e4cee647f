/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last: no access token appears in any log line of the whole run, in any variable the engine
 * holds, in any incident or in any job's error message.
 */
@Order(Integer.MAX_VALUE)
class TokenNeverLeaksE2eTest {

  final E2eStack stack = E2eStack.get();

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
    RecordStream records = RecordStream.of(stack.engine.getRecordStreamSource());
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
    assertThat(incidents).as("earlier tests raised incidents to look into").isPositive();
    assertThat(all.toString()).contains("{{secrets.INTERCOM_ACCESS_TOKEN}}");
    for (String token : E2eStack.TOKENS) {
      assertThat(all.toString()).doesNotContain(token);
    }
  }
}
