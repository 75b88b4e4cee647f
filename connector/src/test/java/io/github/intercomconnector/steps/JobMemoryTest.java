/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.lookup.FoundContact;
import io.github.intercomconnector.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a runtime remembers of a job between its attempts, and how long. */
class JobMemoryTest {

  private final TestClock clock = new TestClock();
  private final JobMemory memory = new JobMemory(clock);

  private static final Results.ContactOutcome ATTACHED =
      Results.ContactOutcome.of(new FoundContact("c-1", null, "id", null), Action.ATTACHED, null);
  private static final Results.ContactOutcome DETACHED =
      Results.ContactOutcome.of(new FoundContact("c-1", null, "id", null), Action.DETACHED, null);

  @Test
  void aJobIsRememberedByItsKeyUntilItEnds() {
    JobMemory.Job job = memory.of(7);
    Instant first = job.firstMiss(clock.instant());
    clock.advance(Duration.ofSeconds(5));
    job.done("c-1", ATTACHED, Map.of("id", "108"));
    job.unanswered("c-2");

    JobMemory.Job again = memory.of(7);
    assertThat(again.firstMiss(clock.instant())).isEqualTo(first);
    assertThat(again.outcome("c-1")).isEqualTo(ATTACHED);
    assertThat(again.model("c-1")).isEqualTo(Map.of("id", "108"));
    assertThat(again.model("c-2")).isNull();
    assertThat(again.outcome("c-2")).isNull();
    assertThat(again.wasUnanswered("c-2")).isTrue();
    assertThat(again.wasUnanswered("c-1")).isFalse();
    assertThat(memory.of(8).outcome("c-1")).as("another job").isNull();

    memory.forget(7);
    assertThat(memory.of(7).outcome("c-1")).isNull();
  }

  @Test
  void aDoneContactIsNoLongerUnanswered() {
    JobMemory.Job job = memory.of(3);
    job.unanswered("c-1");
    job.done("c-1", DETACHED, null);
    assertThat(job.wasUnanswered("c-1")).isFalse();
  }

  @Test
  void aJobWithoutAKeyIsNeverShared() {
    memory.of(0).done("c-1", ATTACHED, null);
    assertThat(memory.of(0).outcome("c-1")).isNull();
    assertThat(memory.size()).isZero();
  }

  @Test
  void memoryIsBoundedInTimeAndSize() {
    memory.of(1).done("c", ATTACHED, null);
    clock.advance(JobMemory.KEEP.plusSeconds(1));
    memory.of(2);
    assertThat(memory.size()).isEqualTo(1);
    assertThat(memory.of(1).outcome("c")).isNull();
    for (long key = 10; key < 10 + JobMemory.MAX_JOBS + 5; key++) {
      memory.of(key);
    }
    assertThat(memory.size()).isEqualTo(JobMemory.MAX_JOBS);
  }

  @Test
  void aJobTouchedAgainIsKeptFromItsLastTouch() {
    memory.of(1).done("c", ATTACHED, null);
    clock.advance(Duration.ofHours(1));
    memory.of(2).done("c", DETACHED, null);
    clock.advance(Duration.ofMinutes(30));
    memory.of(1); // job 1 comes back: job 2 is now the one touched longest ago
    clock.advance(JobMemory.KEEP.minus(Duration.ofMinutes(30)).plusSeconds(1));

    memory.of(3);

    assertThat(memory.size()).as("job 2 expired, jobs 1 and 3 kept").isEqualTo(2);
    assertThat(memory.of(1).outcome("c")).isEqualTo(ATTACHED);
    assertThat(memory.of(2).outcome("c")).isNull();
  }
}
