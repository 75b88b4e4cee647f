/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import io.camunda.connector.api.annotation.InboundConnector;
import io.camunda.connector.api.inbound.InboundConnectorContext;
import io.camunda.connector.api.inbound.webhook.WebhookConnectorExecutable;
import io.camunda.connector.api.inbound.webhook.WebhookHttpResponse;
import io.camunda.connector.api.inbound.webhook.WebhookProcessingPayload;
import io.camunda.connector.api.inbound.webhook.WebhookResult;
import java.util.Map;

/**
 * A webhook whose {@code activate()} throws when its element says so: it shows what the 8.8.7
 * runtime does with the path of a webhook that failed to activate (see {@code
 * WebhookTrustE2eTest}). Each answer names the element version that gave it.
 */
@InboundConnector(name = "Throws at activation", type = ThrowsAtActivationWebhook.TYPE)
public class ThrowsAtActivationWebhook implements WebhookConnectorExecutable {

  static final String TYPE = "io.github.intercomconnector.e2e:throws-at-activation:1";

  private volatile String label = "(not activated)";

  @Override
  public void activate(InboundConnectorContext context) {
    Map<?, ?> inbound = (Map<?, ?>) context.getProperties().get("inbound");
    label = String.valueOf(inbound.get("label"));
    if ("yes".equals(inbound.get("fail"))) {
      throw new IllegalStateException("refused on purpose");
    }
  }

  @Override
  public void deactivate() {}

  @Override
  public WebhookHttpResponse verify(WebhookProcessingPayload payload) {
    return new WebhookHttpResponse(Map.of("answeredBy", label), Map.of(), 200);
  }

  @Override
  public WebhookResult triggerWebhook(WebhookProcessingPayload payload) {
    throw new IllegalStateException("verify answers every request");
  }
}
