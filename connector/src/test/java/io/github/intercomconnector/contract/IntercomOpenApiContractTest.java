/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.contract;

import static io.github.intercomconnector.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.runtime.test.outbound.OutboundConnectorContextBuilder;
import io.github.intercomconnector.AttachSubscriptionFunction;
import io.github.intercomconnector.DetachSubscriptionFunction;
import io.github.intercomconnector.client.IntercomClient;
import io.github.intercomconnector.client.RetryPolicy;
import io.github.intercomconnector.outbound.TaskParts;
import io.github.intercomconnector.testing.Fixtures;
import io.github.intercomconnector.testing.LocalIntercom;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request the connector can send, captured from the real client, and the answers our tests
 * use, checked against Intercom's own published OpenAPI description (2.16) with Atlassian's OpenAPI
 * validator.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntercomOpenApiContractTest {

  static final Path SPEC = Path.of("src/test/resources/intercom-openapi/api.intercom.io-2.16.yaml");

  static final String SUBSCRIPTION = Fixtures.SUBSCRIPTION_108;

  static final String NOT_FOUND =
      """
      {"type":"error.list","request_id":"b9a7e1c2-2f4c-4c4b-9d7f-1d9e8f1a2b3c",
       "errors":[{"code":"not_found","message":"User Not Found"}]}\
      """;

  static OpenApiInteractionValidator validator;

  @StartStop final MockWebServer server = LocalIntercom.server();

  @BeforeAll
  static void parseSpecificationOnce() throws Exception {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    SwaggerParseResult parsed =
        new OpenAPIV3Parser().readContents(Files.readString(SPEC), null, options);
    // Intercom's description has a few defects in parts this connector never touches (tickets,
    // reporting exports); the validator's own loader refuses the whole file for them. Parse it
    // ourselves and make sure none of the defects is near the endpoints we use.
    assertThat(parsed.getMessages())
        .allSatisfy(m ->
            assertThat(m).doesNotContainIgnoringCase("contact").doesNotContain("subscription"));
    assertThat(parsed.getOpenAPI().getPaths())
        .containsKeys(
            "/contacts/{contact_id}/subscriptions",
            "/contacts/{contact_id}/subscriptions/{subscription_id}",
            "/contacts/search",
            "/contacts/find_by_external_id/{external_id}",
            "/contacts/{contact_id}",
            "/contacts/{contact_id}/archive",
            "/subscription_types");
    validator = OpenApiInteractionValidator.createFor(parsed.getOpenAPI()).build();
  }

  private final IntercomClient client =
      new IntercomClient(
          IntercomClient.defaultHttpClient(),
          new ObjectMapper(),
          RetryPolicy.DEFAULT,
          d -> {},
          Clock.systemUTC());

  private final TaskParts service = new TaskParts(client, property -> null);

  private Map<String, Object> variables(Map<String, Object> task) {
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("accessToken", "tok_TEST_contract");
    connection.put("region", "custom");
    connection.put("baseUrl", server.url("/").toString());
    connection.put("intercomVersion", "2.16");
    Map<String, Object> vars = new LinkedHashMap<>(task);
    vars.put("connection", connection);
    return vars;
  }

  /** The request exactly as it arrived, in the validator's terms. */
  private static Request asSent(RecordedRequest recorded) {
    SimpleRequest.Builder builder =
        new SimpleRequest.Builder(recorded.getMethod(), recorded.getUrl().encodedPath());
    recorded.getHeaders().forEach(h -> builder.withHeader(h.getFirst(), h.getSecond()));
    if (recorded.getBodySize() > 0) {
      builder.withBody(recorded.getBody().utf8());
    }
    return builder.build();
  }

  private static void assertConforms(ValidationReport report) {
    assertThat(report.getMessages()).as(report.toString()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"opt_in", "opt_out"})
  void attachRequestAndAnswerConform(String consentType) throws Exception {
    server.enqueue(json(200, SUBSCRIPTION.replace("opt_in", consentType)));
    new AttachSubscriptionFunction(service)
        .execute(
            OutboundConnectorContextBuilder.create()
                .variables(
                    variables(
                        Map.of(
                            "contactId",
                            "63a07ddf05a32042dffac965",
                            "subscriptionTypeId",
                            108,
                            "consentType",
                            consentType)))
                .build());

    Request sent = asSent(server.takeRequest());

    assertConforms(validator.validateRequest(sent));
    assertConforms(
        validator.validate(
            sent,
            SimpleResponse.Builder.ok()
                .withContentType("application/json")
                .withBody(SUBSCRIPTION.replace("opt_in", consentType))
                .build()));
  }

  @Test
  void detachAndTheAlreadyDetachedLookupConform() throws Exception {
    server.enqueue(json(404, NOT_FOUND));
    server.enqueue(json(200, "{\"type\":\"list\",\"data\":[" + SUBSCRIPTION + "]}"));
    new DetachSubscriptionFunction(service)
        .execute(
            OutboundConnectorContextBuilder.create()
                .variables(
                    variables(
                        Map.of(
                            "contactId", "63a07ddf05a32042dffac965",
                            "subscriptionTypeId", "37846",
                            "alreadyDetachedCountsAsSuccess", true)))
                .build());

    Request delete = asSent(server.takeRequest());
    Request list = asSent(server.takeRequest());

    assertThat(delete.getMethod()).isEqualTo(Request.Method.DELETE);
    assertConforms(validator.validateRequest(delete));
    assertConforms(
        validator.validate(
            delete,
            SimpleResponse.Builder.notFound()
                .withContentType("application/json")
                .withBody(NOT_FOUND)
                .build()));
    assertThat(list.getMethod()).isEqualTo(Request.Method.GET);
    assertConforms(validator.validateRequest(list));
    assertConforms(
        validator.validate(
            list,
            SimpleResponse.Builder.ok()
                .withContentType("application/json")
                .withBody("{\"type\":\"list\",\"data\":[" + SUBSCRIPTION + "]}")
                .build()));
  }

  static final String CONTACT =
      """
      {"type":"contact","id":"6650a1c0e5b1a2f3c4d5e601","workspace_id":"ws","external_id":"cust-1",
       "role":"user","email":"ada@example.com","name":"Ada","unsubscribed_from_emails":false}\
      """;

  static final String PAGE_ONE =
      """
      {"type":"list","data":[CONTACT],"total_count":2,
       "pages":{"type":"pages","page":1,"per_page":50,"total_pages":2,
                "next":{"per_page":50,"starting_after":"WzE3MDAwMDAwMDAwMDAsIjEiXQ=="}}}\
      """
          .replace("CONTACT", CONTACT);

  static final String PAGE_TWO =
      """
      {"type":"list","data":[CONTACT],"total_count":2,
       "pages":{"type":"pages","page":2,"per_page":50,"total_pages":2}}\
      """
          .replace("CONTACT", CONTACT.replace("e601", "e699"));

  static final String TYPES = "{\"type\":\"list\",\"data\":[" + SUBSCRIPTION + "]}";

  /** Each request with the answer the test gave it, checked as a pair. */
  private void assertEveryExchangeConforms(String... answers) throws Exception {
    for (String answer : answers) {
      Request sent = asSent(server.takeRequest());
      assertConforms(validator.validateRequest(sent));
      assertConforms(
          validator.validate(
              sent,
              SimpleResponse.Builder.ok()
                  .withContentType("application/json")
                  .withBody(answer)
                  .build()));
    }
  }

  @Test
  void searchesByEmailWithARoleOverPagesConform() throws Exception {
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, PAGE_ONE));
    server.enqueue(json(200, PAGE_TWO));
    server.enqueue(json(200, SUBSCRIPTION));
    server.enqueue(json(200, SUBSCRIPTION));
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("contactBy", "email");
    task.put("contactEmail", "ada@example.com");
    task.put("contactRole", "user");
    task.put("whenSeveralContactsMatch", "all");
    task.put("subscriptionTypeBy", "name");
    task.put("subscriptionTypeName", "Newsletters");
    task.put("consentType", "opt_in");

    new AttachSubscriptionFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(task)).build());

    assertEveryExchangeConforms(TYPES, PAGE_ONE, PAGE_TWO, SUBSCRIPTION, SUBSCRIPTION);
  }

  @Test
  void findingAUserByExternalIdAndFollowingAMergeConform() throws Exception {
    String merged =
        "{\"type\":\"error.list\",\"request_id\":\"b9a7e1c2-2f4c-4c4b-9d7f-1d9e8f1a2b3d\",\"errors\":[{\"code\":\"contact_merged\","
            + "\"message\":\"Contact was merged\"}]}";
    server.enqueue(
        json(410, merged)
            .newBuilder()
            .addHeader("Link", "</contacts/6650a1c0e5b1a2f3c4d5e601>; rel=\"canonical\"")
            .build());
    server.enqueue(json(200, CONTACT));
    server.enqueue(json(200, SUBSCRIPTION));
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("contactBy", "external_id");
    task.put("contactExternalId", "cust-1");
    task.put("contactRole", "user");
    task.put("subscriptionTypeId", "108");
    task.put("consentType", "opt_in");

    new AttachSubscriptionFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(task)).build());

    Request byExternalId = asSent(server.takeRequest());
    assertThat(byExternalId.getPath()).isEqualTo("/contacts/find_by_external_id/cust-1");
    assertConforms(validator.validateRequest(byExternalId));
    assertConforms(
        validator.validate(
            byExternalId,
            SimpleResponse.Builder.status(410)
                .withContentType("application/json")
                .withBody(merged)
                .build()));
    assertEveryExchangeConforms(CONTACT, SUBSCRIPTION);
  }

  @Test
  void searchingByExternalIdConforms() throws Exception {
    server.enqueue(json(200, PAGE_TWO));
    server.enqueue(json(200, SUBSCRIPTION));
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("contactBy", "external_id");
    task.put("contactExternalId", "cust-1");
    task.put("subscriptionTypeId", "108");
    task.put("consentType", "opt_in");

    new AttachSubscriptionFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(task)).build());

    assertEveryExchangeConforms(PAGE_TWO, SUBSCRIPTION);
  }

  @Test
  void setConsentAndGetConsentConform() throws Exception {
    String none = "{\"type\":\"list\",\"data\":[]}";
    server.enqueue(json(200, TYPES));
    server.enqueue(json(200, CONTACT));
    server.enqueue(json(200, none));
    server.enqueue(json(200, SUBSCRIPTION));
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("contactId", "6650a1c0e5b1a2f3c4d5e601");
    set.put("subscriptionTypeId", "108");
    set.put("contactAgrees", true);
    new io.github.intercomconnector.SetConsentFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(set)).build());
    assertEveryExchangeConforms(TYPES, CONTACT, none, SUBSCRIPTION);

    server.enqueue(json(200, CONTACT));
    server.enqueue(json(200, TYPES));
    Map<String, Object> get = new LinkedHashMap<>();
    get.put("contactId", "6650a1c0e5b1a2f3c4d5e601");
    new io.github.intercomconnector.GetConsentFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(get)).build());
    assertEveryExchangeConforms(CONTACT, TYPES);
  }

  @Test
  void setEmailOptOutConforms() throws Exception {
    String optedOut =
        CONTACT.replace("\"unsubscribed_from_emails\":false", "\"unsubscribed_from_emails\":true");
    server.enqueue(json(200, CONTACT));
    server.enqueue(json(200, optedOut));
    Map<String, Object> optOut = new LinkedHashMap<>();
    optOut.put("contactId", "6650a1c0e5b1a2f3c4d5e601");
    optOut.put("contactAgrees", false);
    new io.github.intercomconnector.SetEmailOptOutFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(optOut)).build());
    assertEveryExchangeConforms(CONTACT, optedOut);
  }

  @Test
  void eraseByDeletingAndByArchivingConforms() throws Exception {
    String deleted =
        "{\"type\":\"contact\",\"id\":\"6650a1c0e5b1a2f3c4d5e601\",\"external_id\":\"cust-1\","
            + "\"deleted\":true}";
    String archived =
        "{\"type\":\"contact\",\"id\":\"6650a1c0e5b1a2f3c4d5e601\",\"external_id\":\"cust-1\","
            + "\"archived\":true}";
    server.enqueue(json(200, PAGE_TWO));
    server.enqueue(json(200, deleted));
    Map<String, Object> byEmail = new LinkedHashMap<>();
    byEmail.put("contactBy", "email");
    byEmail.put("contactEmail", "ada@example.com");
    byEmail.put("whenSeveralContactsMatch", "all");
    new io.github.intercomconnector.EraseContactFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(byEmail)).build());
    assertEveryExchangeConforms(PAGE_TWO, deleted);

    server.enqueue(json(200, archived));
    Map<String, Object> byId = new LinkedHashMap<>();
    byId.put("contactId", "6650a1c0e5b1a2f3c4d5e601");
    byId.put("eraseBy", "archive");
    new io.github.intercomconnector.EraseContactFunction(service)
        .execute(OutboundConnectorContextBuilder.create().variables(variables(byId)).build());
    Request archive = asSent(server.takeRequest());
    assertThat(archive.getPath()).isEqualTo("/contacts/6650a1c0e5b1a2f3c4d5e601/archive");
    assertConforms(validator.validateRequest(archive));
    assertConforms(
        validator.validate(
            archive,
            SimpleResponse.Builder.ok()
                .withContentType("application/json")
                .withBody(archived)
                .build()));
  }

  @Test
  void theValidatorRejectsWhatIntercomWouldRefuse() {
    // The seed's curl sends the id as a number; the description wants a string, as we send it.
    Request numericId = attach("2.16", "{\"id\":108,\"consent_type\":\"opt_in\"}");
    Request missingConsent = attach("2.16", "{\"id\":\"108\"}");
    Request unknownVersion = attach("9.99", "{\"id\":\"108\",\"consent_type\":\"opt_in\"}");

    for (Request request : List.of(numericId, missingConsent, unknownVersion)) {
      assertThat(validator.validateRequest(request).hasErrors()).as(request.getPath()).isTrue();
    }
  }

  private static Request attach(String version, String body) {
    return SimpleRequest.Builder.post("/contacts/63a07ddf05a32042dffac965/subscriptions")
        .withHeader("Authorization", "Bearer tok_TEST_contract")
        .withHeader("Intercom-Version", version)
        .withContentType("application/json")
        .withBody(body)
        .build();
  }

  @Test
  void noOtherRequestIsSentForAFailedAttach() throws Exception {
    server.enqueue(json(404, NOT_FOUND));
    assertThatThrownBy(() ->
            new AttachSubscriptionFunction(service)
                .execute(
                    OutboundConnectorContextBuilder.create()
                        .variables(
                            variables(
                                Map.of(
                                    "contactId", "unknown",
                                    "subscriptionTypeId", "108",
                                    "consentType", "opt_in")))
                        .build()))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo("INTERCOM_NOT_FOUND"));
    Request sent = asSent(server.takeRequest());
    assertConforms(
        validator.validate(
            sent,
            SimpleResponse.Builder.notFound()
                .withContentType("application/json")
                .withBody(NOT_FOUND)
                .build()));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
