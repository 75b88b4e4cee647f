/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The least a connector can do to attach a subscription: one {@code POST
 * /contacts/{id}/subscriptions} with the HTTP client the connector uses (OkHttp, its defaults), its
 * answer as the result; no lookup, no rate limit, no retry, no evidence. The sizing test runs it on
 * a copy of the same diagram (same inputs and headers, only the job type changed) beside the
 * Intercom connector, so that the connector's own share of a job's time shows.
 */
@OutboundConnector(
    name = "E2E minimal attach",
    inputVariables = {"connection", "contactId", "subscriptionTypeId", "consentType"},
    type = MinimalAttachFunction.TYPE)
public class MinimalAttachFunction implements OutboundConnectorFunction {

  static final String TYPE = "io.github.intercomconnector.e2e:minimal-attach:1";

  private static final OkHttpClient HTTP =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(10))
          .readTimeout(Duration.ofSeconds(30))
          .build();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What it reads of the Attach task's inputs. */
  public record Input(
      Connection connection, String contactId, String subscriptionTypeId, String consentType) {}

  /** The base URL and the token, from the Attach task's connection inputs. */
  public record Connection(String baseUrl, String accessToken) {}

  @Override
  public Object execute(OutboundConnectorContext context) throws Exception {
    Input input = context.bindVariables(Input.class);
    HttpUrl url =
        HttpUrl.get(input.connection().baseUrl())
            .newBuilder()
            .addPathSegment("contacts")
            .addPathSegment(input.contactId())
            .addPathSegment("subscriptions")
            .build();
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "Bearer " + input.connection().accessToken())
            .header("Intercom-Version", "2.16")
            .post(
                RequestBody.create(
                    JSON.writeValueAsBytes(
                        Map.of(
                            "id", input.subscriptionTypeId(), "consent_type", input.consentType())),
                    JSON_TYPE))
            .build();
    try (Response answer = HTTP.newCall(request).execute()) {
      if (answer.code() != 200) {
        throw new IllegalStateException("Intercom answered " + answer.code());
      }
      return JSON.readValue(answer.body().byteStream(), Map.class);
    }
  }
}
