/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.intercomconnector.client.RetryPolicy.Attempt;
import io.github.intercomconnector.client.RetryPolicy.AttemptResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failure a call comes to, built by kind: not sent (its turn is later), no answer, an answer
 * that could not be read, or Intercom's refusal with what it said (its error list, request id and,
 * for a merged contact, the canonical one), the token scrubbed from all of it.
 */
final class Failures {

  private static final Pattern CANONICAL_CONTACT =
      Pattern.compile("<([^>]*/contacts/([^>/]+))>\\s*;\\s*rel=\"?canonical\"?");

  private final ObjectMapper mapper;

  Failures(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  IntercomApiException of(
      IntercomSettings settings,
      IntercomRequest request,
      Exchange exchange,
      Attempt soFar,
      Duration retryAfter) {
    String token = settings.accessToken();
    int attempts = Math.max(1, soFar.exchanges() + (exchange.status() == null ? 0 : 1));
    return switch (exchange.outcome()) {
      case AttemptResult.NotSent notSent ->
          IntercomApiException.notSent(
              request.describe(), retryAfter, Math.max(1, soFar.exchanges()));
      case AttemptResult.NoAnswer noAnswer ->
          IntercomApiException.noAnswer(
              noAnswer.cause() instanceof InterruptedIOException
                  ? "no answer within the timeout"
                  : "no answer (" + noAnswer.cause().getClass().getSimpleName() + ")",
              request.describe(),
              retryAfter,
              soFar.exchanges() + 1);
      case AttemptResult.Unreadable unreadable ->
          IntercomApiException.invalidResponse(
              unreadable.status(), exchange.requestId(), request.describe(), retryAfter, attempts);
      case AttemptResult.Answered answered ->
          refusal(answered.status(), exchange, token, retryAfter, attempts, request);
    };
  }

  private IntercomApiException refusal(
      int status,
      Exchange exchange,
      String token,
      Duration retryAfter,
      int attempts,
      IntercomRequest request) {
    JsonNode json = parseTree(exchange.body());
    String code = null;
    String message = null;
    String requestId = exchange.requestId();
    List<Map<String, Object>> errors = List.of();
    if (json != null) {
      String bodyRequestId = text(json.get("request_id"));
      requestId = bodyRequestId != null ? bodyRequestId : requestId;
      JsonNode list = json.get("errors");
      if (list != null && list.isArray()) {
        errors = new ArrayList<>();
        for (JsonNode e : list) {
          Map<String, Object> entry = new LinkedHashMap<>();
          putIfPresent(entry, "code", text(e.get("code")));
          putIfPresent(entry, "message", Redaction.scrub(text(e.get("message")), token));
          putIfPresent(entry, "field", text(e.get("field")));
          errors.add(entry);
        }
        if (!list.isEmpty()) {
          code = text(list.get(0).get("code"));
          message = Redaction.scrub(text(list.get(0).get("message")), token);
        }
      }
    }
    String link = null;
    String mergedInto = null;
    if (exchange.link() != null) {
      Matcher m = CANONICAL_CONTACT.matcher(exchange.link());
      if (m.find()) {
        link = m.group(1);
        mergedInto = m.group(2);
      }
    }
    return IntercomApiException.answered(
        status,
        new IntercomApiException.Said(
            json != null,
            Redaction.scrub(code, token),
            message,
            Redaction.scrub(requestId, token),
            errors,
            link,
            mergedInto),
        request.describe(),
        retryAfter,
        attempts);
  }

  private JsonNode parseTree(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = mapper.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
