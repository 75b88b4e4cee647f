/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.zeebe.db.ColumnFamily;
import io.camunda.zeebe.db.TransactionContext;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.DbLong;
import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.db.InMemoryDbFactory;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.protocol.record.Record;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /**
   * One thread writes the state while another reads and copies it, as the engine's scheduled checks
   * do beside its stream processor: every read sees whole entries, every copy as many as it
   * counted.
   */
  @Test
  void aCheckReadsTheStateWhileItIsWritten() throws Exception {
    ZeebeDb<ZbColumnFamilies> db = new InMemoryDbFactory<ZbColumnFamilies>().createDb();
    InMemoryEngines.makeStateSafeToShare(db);
    TransactionContext writing = db.createContext();
    TransactionContext reading = db.createContext();
    DbLong writeKey = new DbLong();
    DbLong writeValue = new DbLong();
    ColumnFamily<DbLong, DbLong> written =
        db.createColumnFamily(ZbColumnFamilies.JOB_BACKOFF, writing, writeKey, writeValue);
    DbLong readKey = new DbLong();
    ColumnFamily<DbLong, DbLong> read =
        db.createColumnFamily(ZbColumnFamilies.JOB_BACKOFF, reading, readKey, new DbLong());
    AtomicBoolean writingOn = new AtomicBoolean(true);
    Thread writer =
        new Thread(() -> {
          for (long key = 1; writingOn.get(); key++) {
            writeKey.wrapLong(key);
            writeValue.wrapLong(key);
            written.upsert(writeKey, writeValue);
            if (key > 200) {
              writeKey.wrapLong(key - 200);
              written.deleteExisting(writeKey);
            }
          }
        });
    List<RuntimeException> failures = new ArrayList<>();
    List<Long> mismatched = new ArrayList<>();
    writer.start();
    try {
      for (int copy = 0; copy < 20_000; copy++) {
        try {
          read.forEach((key, value) -> {
            if (key.getValue() != value.getValue()) {
              mismatched.add(key.getValue());
            }
          });
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
    } finally {
      writingOn.set(false);
      writer.join();
    }

    assertThat(failures).as("copies of the state that failed").isEmpty();
    assertThat(mismatched).as("entries read with another entry's value").isEmpty();
    readKey.wrapLong(1);
    assertThat(read.count()).isEqualTo(200);
  }

  /**
   * Two threads read the engine's records while it writes more, as a test and the local stack's
   * process search do: no read fails, and each read sees every record once, in the log's order.
   */
  @Test
  void twoThreadsReadTheRecordsWhileTheEngineWrites() throws Exception {
    ZeebeTestEngine engine = InMemoryEngines.start();
    try (CamundaClient client =
        CamundaClient.newClientBuilder()
            .grpcAddress(URI.create("http://" + engine.getGatewayAddress()))
            .restAddress(URI.create("http://" + engine.getGatewayAddress()))
            .preferRestOverGrpc(false)
            .build()) {
      client
          .newDeployResourceCommand()
          .addProcessModel(
              Bpmn.createExecutableProcess("written").startEvent().endEvent().done(),
              "written.bpmn")
          .send()
          .join();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      List<String> outOfOrder = Collections.synchronizedList(new ArrayList<>());
      AtomicLong reads = new AtomicLong();
      Runnable reader =
          () -> {
            while (writing.get()) {
              try {
                long last = -1;
                for (Record<?> record : InMemoryEngines.records(engine).getRecords()) {
                  if (record.getPosition() <= last) {
                    outOfOrder.add(record.getPosition() + " after " + last);
                  }
                  last = record.getPosition();
                }
                reads.incrementAndGet();
              } catch (RuntimeException e) {
                failures.add(e);
              }
            }
          };
      Thread first = new Thread(reader);
      Thread second = new Thread(reader);
      first.start();
      second.start();
      try {
        List<CamundaFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          sent.add(
              client.newCreateInstanceCommand().bpmnProcessId("written").latestVersion().send());
          if (sent.size() == 20) {
            sent.forEach(CamundaFuture::join);
            sent.clear();
          }
        }
        sent.forEach(CamundaFuture::join);
      } finally {
        writing.set(false);
        first.join();
        second.join();
      }

      assertThat(failures).as("reads that failed").isEmpty();
      assertThat(outOfOrder).as("records read twice or out of order").isEmpty();
      assertThat(reads.get()).as("reads while the engine wrote").isGreaterThan(10);
    } finally {
      engine.stop();
    }
  }

  @Test
  void theStartedEngineSharesItsLogAndStateSafely() throws Exception {
    ZeebeTestEngine engine = InMemoryEngines.start();
    try {
      Object logStream = read(engine, "logStream");
      Object entries = read(read(logStream, "logStorage"), "logEntries");
      assertThat(entries.getClass().getName()).startsWith("java.util.Collections$Synchronized");
      assertThat(read(read(engine, "database"), "database"))
          .isInstanceOf(InMemoryEngines.LockedTreeMap.class);
    } finally {
      engine.stop();
    }
  }

  @Test
  void aStateItDoesNotKnowIsRefusedWithTheFieldItLacks() {
    assertThatThrownBy(() -> InMemoryEngines.makeStateSafeToShare(new Object()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "The in-memory engine's java.lang.Object has no usable field database; this"
                + " zeebe-process-test version is not one the local stack knows how to make safe.");
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
