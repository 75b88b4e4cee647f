/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import io.camunda.connector.api.outbound.JobContext;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.OptionalInt;

/**
 * The retries the engine has left for a job. The Connector SDK does not tell them (its {@link
 * JobContext} has no retries up to 8.10), but a job handed back to wait, for a rate limit or for
 * Intercom's search, must keep them: a wait is not a failure. The Camunda runtimes hand connectors
 * a job context that holds the activated job; this reads its {@code getRetries()} and, where a
 * runtime holds nothing of the kind, says it does not know. Then a hand-back counts one retry down,
 * as the runtime does by default.
 */
final class JobRetries {

  private JobRetries() {}

  static OptionalInt of(JobContext job) {
    if (job == null) {
      return OptionalInt.empty();
    }
    for (Class<?> type = job.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
          continue;
        }
        OptionalInt retries = retriesOf(job, field);
        if (retries.isPresent()) {
          return retries;
        }
      }
    }
    return OptionalInt.empty();
  }

  private static OptionalInt retriesOf(Object holder, Field field) {
    try {
      Method getRetries = field.getType().getMethod("getRetries");
      if (getRetries.getReturnType() != int.class) {
        return OptionalInt.empty();
      }
      field.setAccessible(true);
      Object value = field.get(holder);
      return value == null ? OptionalInt.empty() : OptionalInt.of((int) getRetries.invoke(value));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
