/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Starts zeebe-process-test's in-memory engine with its log and its state safe to share between its
 * threads.
 *
 * <p>The engine (8.8) was written for one thread, but runs on several: the gateway's threads append
 * to the log while the stream processor reads it, and the engine's scheduled checks (job backoff
 * and timeouts, timers, message expiry, batch operations) read the state on their own actor while
 * the stream processor writes it. The log is a plain {@code ArrayList} and the state a plain {@code
 * TreeMap}. Under load a reader of the log can see the new size before the new entry, get {@code
 * null}, and the stream processor dies ({@code Actor StreamProcessor-1 failed in phase STARTED}):
 * the engine then processes nothing more. A check that copies the state while it is written fails
 * with a ConcurrentModificationException, or reads a tree caught mid-change. Before the engine
 * starts, the log list is replaced with a synchronized one and the state map with one that takes a
 * lock for each read, write and copy. If a later zeebe-process-test changes either, starting fails
 * with a message saying so, rather than running on an engine that may stop.
 *
 * <p>The engine's record stream, too, is one list that each reader extends with what the log has
 * gained before it reads: two threads reading at once (a test, and the runtime's process search of
 * the local stack) meet a ConcurrentModificationException or the same records twice. {@link
 * #records} reads it one thread at a time, into a copy.
 */
public final class InMemoryEngines {

  private InMemoryEngines() {}

  /** Creates the in-memory engine, makes its log and state safe to share, and starts it. */
  public static ZeebeTestEngine start() {
    ZeebeTestEngine engine = EngineFactory.create();
    Object logStream = fieldValue(engine, "logStream");
    makeLogSafeToRead(fieldValue(logStream, "logStorage"));
    makeStateSafeToShare(fieldValue(engine, "database"));
    engine.start();
    return engine;
  }

  /**
   * The engine's records so far, read one thread at a time: each {@code getRecords()} is a copy of
   * the stream as it was then, which the engine's further writing does not change. Every reader of
   * the records goes through this, never the engine's own record stream source.
   */
  public static RecordStreamSource records(ZeebeTestEngine engine) {
    RecordStreamSource shared = engine.getRecordStreamSource();
    return () -> {
      List<Record<?>> copy = new ArrayList<>();
      synchronized (shared) {
        shared.getRecords().forEach(copy::add);
      }
      return copy;
    };
  }

  /**
   * The engine's records from the {@code from}th on (0 for all), read as {@link #records} reads
   * them: a reader that keeps what it read before copies only what was written since.
   */
  public static List<Record<?>> recordsFrom(ZeebeTestEngine engine, int from) {
    RecordStreamSource shared = engine.getRecordStreamSource();
    synchronized (shared) {
      Iterable<Record<?>> all = shared.getRecords();
      if (all instanceof List<Record<?>> list) {
        return new ArrayList<>(list.subList(Math.min(from, list.size()), list.size()));
      }
      List<Record<?>> copy = new ArrayList<>();
      int index = 0;
      for (Record<?> record : all) {
        if (index++ >= from) {
          copy.add(record);
        }
      }
      return copy;
    }
  }

  /**
   * Replaces the map that holds the state of zeebe-process-test's {@code InMemoryDb} with a copy
   * that takes a lock for each read, write and copy; call it before the engine makes a transaction.
   */
  public static void makeStateSafeToShare(Object zeebeDb) {
    Field state = field(zeebeDb, "database");
    try {
      @SuppressWarnings("unchecked")
      TreeMap<Object, Object> written = (TreeMap<Object, Object>) state.get(zeebeDb);
      state.set(zeebeDb, new LockedTreeMap<>(written));
    } catch (IllegalAccessException | ClassCastException e) {
      throw changed(zeebeDb, "database", e);
    }
  }

  /**
   * Replaces the entries list of zeebe-process-test's {@code InMemoryLogStorage} with a
   * synchronized copy; call it before anything reads or writes the log.
   */
  public static void makeLogSafeToRead(Object logStorage) {
    Field entries = field(logStorage, "logEntries");
    try {
      List<?> written = (List<?>) entries.get(logStorage);
      entries.set(logStorage, Collections.synchronizedList(new ArrayList<>(written)));
    } catch (IllegalAccessException | ClassCastException e) {
      throw changed(logStorage, "logEntries", e);
    }
  }

  private static Object fieldValue(Object owner, String name) {
    try {
      return field(owner, name).get(owner);
    } catch (IllegalAccessException e) {
      throw changed(owner, name, e);
    }
  }

  private static Field field(Object owner, String name) {
    try {
      Field field = owner.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      throw changed(owner, name, e);
    }
  }

  private static IllegalStateException changed(Object owner, String name, Exception cause) {
    return new IllegalStateException(
        "The in-memory engine's "
            + owner.getClass().getName()
            + " has no usable field "
            + name
            + "; this zeebe-process-test version is not one the local stack knows how to make"
            + " safe.",
        cause);
  }

  /**
   * A sorted map whose reads, writes and copies each take one lock. The engine copies its state
   * with {@code new TreeMap<>().putAll(state)}, which asks for the size and then iterates the
   * entries: {@link #size()} takes a snapshot of the entries under the lock and the same thread's
   * next {@link #entrySet()} iterates that snapshot, so that the copy sees as many entries as it
   * was told.
   */
  static final class LockedTreeMap<K, V> extends TreeMap<K, V> {

    private final transient Object lock = new Object();
    private final transient ThreadLocal<List<Map.Entry<K, V>>> counted = new ThreadLocal<>();

    LockedTreeMap(SortedMap<K, ? extends V> entries) {
      super(entries);
    }

    @Override
    public V get(Object key) {
      synchronized (lock) {
        return super.get(key);
      }
    }

    @Override
    public boolean containsKey(Object key) {
      synchronized (lock) {
        return super.containsKey(key);
      }
    }

    @Override
    public V put(K key, V value) {
      synchronized (lock) {
        return super.put(key, value);
      }
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> entries) {
      synchronized (lock) {
        super.putAll(entries);
      }
    }

    @Override
    public V remove(Object key) {
      synchronized (lock) {
        return super.remove(key);
      }
    }

    @Override
    public void clear() {
      synchronized (lock) {
        super.clear();
      }
    }

    @Override
    public int size() {
      List<Map.Entry<K, V>> snapshot = snapshot();
      counted.set(snapshot);
      return snapshot.size();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      List<Map.Entry<K, V>> taken = counted.get();
      counted.remove();
      List<Map.Entry<K, V>> snapshot = taken != null ? taken : snapshot();
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
          return Collections.unmodifiableList(snapshot).iterator();
        }

        @Override
        public int size() {
          return snapshot.size();
        }
      };
    }

    /** The entries as they are now; the map's own entries change as it is written. */
    private List<Map.Entry<K, V>> snapshot() {
      synchronized (lock) {
        List<Map.Entry<K, V>> entries = new ArrayList<>(super.size());
        for (Map.Entry<K, V> entry : super.entrySet()) {
          entries.add(new AbstractMap.SimpleImmutableEntry<>(entry));
        }
        return entries;
      }
    }
  }
}
