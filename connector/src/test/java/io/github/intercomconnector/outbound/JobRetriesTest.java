/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.testing.FakeJob;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The job's retries as the runtime tells them. */
class JobRetriesTest {

  @Test
  void theRuntimesJobContextTellsTheRetries() {
    assertThat(JobRetries.of(new FakeJob(1, 3))).isEqualTo(OptionalInt.of(3));
    assertThat(JobRetries.of(new FakeJob(1, 0))).isEqualTo(OptionalInt.of(0));
    assertThat(JobRetries.of(new FakeJob(1, null))).isEmpty();
    assertThat(JobRetries.of(null)).isEmpty();
  }

  /** A job context whose fields offer no usable retries. */
  static final class OddJob extends FakeJobBase {
    static final int STATIC_RETRIES = 5;
    private final Object plain = new Object();
    private final LongRetries wrongType = new LongRetries();
    private final Throwing throwing = new Throwing();
  }

  static class FakeJobBase extends FakeJob {
    FakeJobBase() {
      super(1, null);
    }
  }

  public static final class LongRetries {
    public long getRetries() {
      return 4;
    }
  }

  public static final class Throwing {
    public int getRetries() {
      throw new IllegalStateException("not now");
    }
  }

  @Test
  void aJobContextWithoutUsableRetriesTellsNothing() {
    assertThat(JobRetries.of(new OddJob())).isEmpty();
  }
}
