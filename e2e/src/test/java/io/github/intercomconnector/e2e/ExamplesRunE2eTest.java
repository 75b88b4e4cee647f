/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.SandboxScenarios;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local stack as a newcomer starts it ({@code ./examples/run} runs this jar): every example
 * flow (onboarding with and without a yes, consent given, withdrawn, declined, unknown person or
 * subscription, subject access requests with an answer sent or "we hold nothing", double opt-in
 * confirmed and expired, withdraw everything) runs on a real engine and connector runtime against
 * the sandbox, and each checks its end event, Intercom's state, the evidence kept in the journal
 * and the messages sent.
 */
@Order(6)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ExamplesRunE2eTest {

  @Test
  void everyExampleFlowEndsAsItsExampleSays() throws Exception {
    Path log = Path.of("target", "examples-run.log");
    Process run =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                localStackJar().toAbsolutePath().toString())
            .directory(Path.of("..").toAbsolutePath().normalize().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    run.getOutputStream().close();
    boolean ended = run.waitFor(3, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly();
    }
    String output = Files.readString(log);

    assertThat(ended).as("the local stack ended within 3 minutes; see %s", log).isTrue();
    int runs = SandboxScenarios.all().size();
    assertThat(output)
        .as("its last lines (%s)", log)
        .contains(runs + " of " + runs + " example runs ended as expected.")
        .doesNotContain("-> FAILED");
    assertThat(run.exitValue()).isZero();
  }

  private static Path localStackJar() throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of("../examples/target"), "*-local-stack.jar")) {
      jars.forEach(found::add);
    }
    assertThat(found).as("examples/target/*-local-stack.jar (built by the reactor)").hasSize(1);
    return found.get(0);
  }
}
