/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The least a connector can do to attach a subscription: one {@code POST
 * /contacts/{id}/subscriptions} with the JDK's HTTP client, its answer as the result; no lookup, no
 * rate limit, no retry, no evidence. The sizing test runs it on a copy of the same diagram (same
 * inputs and headers, only the job type changed) beside the Intercom connector, so that the
 * connector's own share of a job's time shows.
 */
@OutboundConnector(
    name = "E2E minimal attach",
    inputVariables = {"connection", "contactId", "subscriptionTypeId", "consentType"},
    type = MinimalAttachFunction.TYPE)
public class MinimalAttachFunction implements OutboundConnectorFunction {

  static final String TYPE = "io.github.intercomconnector.e2e:minimal-attach:1";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What it reads of the Attach task's inputs. */
  public record Input(
      Connection connection, String contactId, String subscriptionTypeId, String consentType) {}

  /** The base URL and the token, from the Attach task's connection inputs. */
  public record Connection(String baseUrl, String accessToken) {}

  @Override
  public Object execute(OutboundConnectorContext context) throws Exception {
    Input input = context.bindVariables(Input.class);
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        input.connection().baseUrl()
                            + "/contacts/"
                            + input.contactId()
                            + "/subscriptions"))
                .header("Authorization", "Bearer " + input.connection().accessToken())
                .header("Intercom-Version", "2.16")
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(
                            Map.of(
                                "id",
                                input.subscriptionTypeId(),
                                "consent_type",
                                input.consentType()))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("Intercom answered " + answer.statusCode());
    }
    return JSON.readValue(answer.body(), Map.class);
  }
}
