/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import static io.github.intercomconnector.sandbox.ExampleWorkspace.GRACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.intercomconnector.examples.ProcessOutcome;
import io.github.intercomconnector.sandbox.IntercomSandbox;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Workspaces in Europe and Australia (sandboxes standing in for their hosts, reached through a
 * custom base URL) and a gateway that adds the credentials itself.
 */
@Order(2)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RegionsAndGatewayE2eTest {

  final E2eStack stack = E2eStack.get();

  private IntercomSandbox sandbox(String region) {
    return region.equals("EU") ? stack.eu : stack.au;
  }

  @ParameterizedTest
  @CsvSource({"EU", "AU"})
  void aWorkspaceInAnotherRegionIsChangedThere(String region) {
    String processId =
        stack.deploy(
            stack
                .variant(E2eStack.ONBOARDING_BY_ID)
                .input("connection.baseUrl", "{{secrets.INTERCOM_" + region + "_BASE_URL}}")
                .input(
                    "connection.accessToken", "{{secrets.INTERCOM_" + region + "_ACCESS_TOKEN}}"));
    Map<String, String> usBefore = stack.us.state().consents(GRACE);

    ProcessOutcome outcome =
        stack.processes.run(
            processId,
            Map.of("contactId", GRACE, "newsletterSubscriptionTypeId", "108"),
            Duration.ofSeconds(30));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(outcome.endEventId()).isEqualTo("CustomerOnboarded");
    assertThat(sandbox(region).state().consents(GRACE)).containsEntry("108", "opt_in");
    assertThat(stack.us.state().consents(GRACE)).isEqualTo(usBefore);
  }

  @Test
  void theWrongRegionIsRefusedWithAClearIncident() {
    // The US token sent to the European workspace: what users see when the region is wrong.
    String processId =
        stack.deploy(
            stack
                .variant(E2eStack.ONBOARDING_BY_ID)
                .input("connection.baseUrl", "{{secrets.INTERCOM_EU_BASE_URL}}"));

    ProcessOutcome outcome =
        stack.processes.run(
            processId,
            Map.of("contactId", GRACE, "newsletterSubscriptionTypeId", "110"),
            Duration.ofSeconds(30));

    assertThat(outcome.completed()).isFalse();
    assertThat(outcome.incidents()).hasSize(1);
    assertThat(outcome.incidents().get(0).errorMessage())
        .contains("INTERCOM_UNAUTHORIZED")
        .contains("HTTP 401")
        .contains("unauthorized: Access Token Invalid")
        .contains("request_id");
    assertThat(stack.eu.state().consents(GRACE)).doesNotContainKey("110");
  }

  @Test
  void aGatewayNeedsNoToken() {
    String processId =
        stack.deploy(
            stack
                .variant(E2eStack.ONBOARDING_BY_ID)
                .input("connection.baseUrl", "{{secrets.INTERCOM_GATEWAY_URL}}")
                .input("connection.accessToken", null));

    ProcessOutcome outcome =
        stack.processes.run(
            processId,
            Map.of("contactId", GRACE, "newsletterSubscriptionTypeId", 108),
            Duration.ofSeconds(30));

    assertThat(outcome.incidents()).isEmpty();
    assertThat(stack.gateway.state().consents(GRACE)).containsEntry("108", "opt_in");
    assertThat(stack.gateway.journal())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.authorizationPresent()).isFalse());
  }
}
