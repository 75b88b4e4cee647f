/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Starts zeebe-process-test's in-memory engine with a log that is safe to read while it is written.
 *
 * <p>The engine (8.8) keeps its log in a plain {@code ArrayList} that the gateway's threads append
 * to while the stream processor reads it on another thread. Under load a reader can see the new
 * size before the new entry, gets {@code null}, and the stream processor dies with a
 * NullPointerException ({@code Actor StreamProcessor-1 failed in phase STARTED}): the engine then
 * processes nothing more. Replacing the list with a synchronized one before the engine starts
 * closes that race. If a later zeebe-process-test changes its log, starting fails with a message
 * saying so, rather than running on an engine that may stop.
 */
public final class InMemoryEngines {

  private InMemoryEngines() {}

  /** Creates the in-memory engine, makes its log safe to read while written, and starts it. */
  public static ZeebeTestEngine start() {
    ZeebeTestEngine engine = EngineFactory.create();
    Object logStream = fieldValue(engine, "logStream");
    makeLogSafeToRead(fieldValue(logStream, "logStorage"));
    engine.start();
    return engine;
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
}
