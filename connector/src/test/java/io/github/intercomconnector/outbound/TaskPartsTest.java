/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.github.intercomconnector.client.IntercomClient;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** What the tasks of one runtime share. */
class TaskPartsTest {

  /**
   * The runtime builds each task with its no-arg constructor, found through the service file: all
   * of them then use one set of parts, whose client is the process's one client (one connection
   * pool, one rate-limit view of each app).
   */
  @Test
  void everyTaskTheRuntimeBuildsSharesOnePartsAndOneClient() {
    List<OutboundConnectorFunction> tasks =
        ServiceLoader.load(OutboundConnectorFunction.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();

    assertThat(tasks).hasSizeGreaterThanOrEqualTo(5).allMatch(t -> t instanceof IntercomTask<?>);
    TaskParts first = ((IntercomTask<?>) tasks.get(0)).parts();
    for (OutboundConnectorFunction task : tasks) {
      assertThat(((IntercomTask<?>) task).parts())
          .as(task.getClass().getSimpleName())
          .isSameAs(first);
    }
    assertThat(first).isSameAs(TaskParts.shared());
    assertThat(first).extracting("client").isSameAs(IntercomClient.shared());
  }
}
