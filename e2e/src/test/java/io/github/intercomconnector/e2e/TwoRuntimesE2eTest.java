/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.KATHERINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.github.intercomconnector.examples.ConnectorRuntime;
import io.github.intercomconnector.examples.InMemoryEngines;
import io.github.intercomconnector.examples.ProcessOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two connector runtimes on one engine share the jobs; every instance completes exactly once. */
@Order(6)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TwoRuntimesE2eTest {

  static final int INSTANCES = 60;

  final E2eStack stack = E2eStack.get();

  @Test
  void twoRuntimesShareTheWork() {
    String processId =
        stack.deploy(
            stack
                .variant(E2eStack.ONBOARDING_BY_ID)
                .input("connection.baseUrl", "{{secrets.INTERCOM_SHARED_URL}}"));
    List<ProcessOutcome> outcomes = new ArrayList<>();
    try (ConnectorRuntime second =
        stack.startRuntime(Map.of("INTERCOM_SHARED_URL", stack.sharedB.baseUrl()))) {
      List<Long> keys = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        keys.add(
            stack.processes.start(
                processId, Map.of("contactId", KATHERINE, "newsletterSubscriptionTypeId", 108)));
      }
      for (long key : keys) {
        outcomes.add(stack.processes.await(key, Duration.ofSeconds(60)));
      }

      assertThat(outcomes)
          .allSatisfy(o -> assertThat(o.endEventId()).isEqualTo("CustomerOnboarded"));
      Set<Long> instances = new HashSet<>(keys);
      Map<Long, Integer> completions = new HashMap<>();
      for (Record<JobRecordValue> r :
          RecordStream.of(InMemoryEngines.records(stack.engine)).jobRecords()) {
        long instance = r.getValue().getProcessInstanceKey();
        if (!instances.contains(instance)) {
          continue;
        }
        if (r.getIntent() == JobIntent.COMPLETED) {
          completions.merge(instance, 1, Integer::sum);
        }
      }
      assertThat(completions).hasSize(INSTANCES).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
      int byA = stack.sharedA.journal().size();
      int byB = stack.sharedB.journal().size();
      System.out.printf("two runtimes: %d jobs done by the first, %d by the second%n", byA, byB);
      assertThat(byA + byB).as("each job called Intercom exactly once").isEqualTo(INSTANCES);
      assertThat(byA).as("the first runtime took jobs").isPositive();
      assertThat(byB).as("the second runtime took jobs").isPositive();
    }
  }
}
