/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.SandboxScenarios;
import java.io.IOException;
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
    Process run = localStack(log);
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

  /**
   * A bad policy is refused when the runtime loads the connector: the 8.8 runtime logs the sentence
   * at start-up and serves no Intercom task (it keeps running for other connectors).
   */
  @Test
  void aBadPolicyIsRefusedAtStartUpWithOneSentence() throws Exception {
    Path log = Path.of("target", "examples-bad-policy.log");
    Process run = localStack(log, "-Dintercom.connector.rate-limit.share=1.5");
    String sentence =
        "intercom.connector.rate-limit.share (INTERCOM_CONNECTOR_RATE_LIMIT_SHARE): expected a"
            + " number above 0 and at most 1 (e.g. 0.8), got '1.5'";
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(log).contains(sentence)
          && run.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(Files.readString(log)).as("the start-up log, %s", log).contains(sentence);
    } finally {
      run.destroyForcibly().waitFor();
    }
    assertThat(Files.readString(log)).doesNotContain("-> OK");
  }

  /** Starts the local stack as {@code ./examples/run} does, from the repository's root. */
  private static Process localStack(Path log, String... jvmSettings) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(jvmSettings));
    command.addAll(List.of("-jar", localStackJar().toAbsolutePath().toString()));
    Process run =
        new ProcessBuilder(command)
            .directory(Path.of("..").toAbsolutePath().normalize().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    run.getOutputStream().close();
    return run;
  }

  private static Path localStackJar() {
    Path jar =
        Path.of(
            "../examples/target",
            "intercom-subscription-examples-"
                + System.getProperty("project.version")
                + "-local-stack.jar");
    assertThat(jar).as("the local stack the reactor built").exists();
    return jar;
  }
}
