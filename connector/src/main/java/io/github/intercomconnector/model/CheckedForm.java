/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

/** A task's form that checks its own fields once the runtime has bound it. */
public interface CheckedForm {

  /**
   * Refuses the form, naming each field that is missing, out of range or not one of its choices,
   * with what was expected ({@code connection.connectTimeoutSeconds: must be at least 1 second}),
   * before anything is sent.
   *
   * @throws io.github.intercomconnector.client.IntercomInputException if a field is refused
   */
  void check();
}
