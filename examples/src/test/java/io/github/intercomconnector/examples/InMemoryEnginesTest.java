/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryEnginesTest {

  private static final int ENTRIES = 1_000_000;

  /** Read between empty polls, as the engine's actors do between jobs. */
  private static final AtomicLong POLLS = new AtomicLong();

  @Test
  void aReaderSeesEveryEntryWhileTheLogIsWritten() throws Exception {
    LogStorage log = newInMemoryLog();
    InMemoryEngines.makeLogSafeToRead(log);
    ByteBuffer entry = ByteBuffer.allocate(8);
    Thread writer =
        new Thread(() -> {
          for (long position = 1; position <= ENTRIES; position++) {
            log.append(position, position, entry, new LogStorage.AppendListener() {});
          }
        });
    List<RuntimeException> failures = new ArrayList<>();
    int read = 0;
    writer.start();
    try (LogStorageReader reader = log.newReader()) {
      while (read < ENTRIES) {
        try {
          if (reader.hasNext()) {
            reader.next();
            read++;
          } else {
            POLLS.incrementAndGet();
          }
        } catch (RuntimeException e) {
          failures.add(e);
          reader.seek(read + 2L);
        }
      }
    }
    writer.join();

    assertThat(failures).as("reads that saw a missing entry").isEmpty();
    assertThat(read).isEqualTo(ENTRIES);
  }

  @Test
  void theStartedEngineReadsItsLogSafely() throws Exception {
    ZeebeTestEngine engine = InMemoryEngines.start();
    try {
      Object logStream = read(engine, "logStream");
      Object entries = read(read(logStream, "logStorage"), "logEntries");
      assertThat(entries.getClass().getName()).startsWith("java.util.Collections$Synchronized");
    } finally {
      engine.stop();
    }
  }

  @Test
  void aLogItDoesNotKnowIsRefusedWithTheFieldItLacks() {
    assertThatThrownBy(() -> InMemoryEngines.makeLogSafeToRead(new Object()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The in-memory engine's java.lang.Object has no usable field logEntries; this"
                + " zeebe-process-test version is not one the local stack knows how to make safe.");
  }

  private static LogStorage newInMemoryLog() throws ReflectiveOperationException {
    Constructor<?> constructor =
        Class.forName("io.camunda.zeebe.process.test.engine.InMemoryLogStorage")
            .getDeclaredConstructor();
    constructor.setAccessible(true);
    return (LogStorage) constructor.newInstance();
  }

  private static Object read(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }
}
