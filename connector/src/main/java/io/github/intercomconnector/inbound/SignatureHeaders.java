/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import io.camunda.connector.api.inbound.webhook.WebhookProcessingPayload;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Every value a request carries of one header. The runtime hands a webhook its headers as a map of
 * one value each (the first), so a request with two {@code X-Hub-Signature} headers would be judged
 * by the first alone; the Spring runtime's request, read here on the thread that serves it, has
 * them all. Without it (another runtime, a unit test) the map is all there is.
 */
final class SignatureHeaders {

  private static final boolean SPRING_WEB =
      present("org.springframework.web.context.request.RequestContextHolder")
          && present("jakarta.servlet.http.HttpServletRequest");

  private SignatureHeaders() {}

  /** The values of {@code name} (any case), in the order sent; empty when there is none. */
  static List<String> values(WebhookProcessingPayload payload, String name) {
    if (SPRING_WEB) {
      List<String> sent = ServletHeaders.values(name);
      if (sent != null) {
        return sent;
      }
    }
    Map<String, String> headers = payload.headers() == null ? Map.of() : payload.headers();
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
        values.add(header.getValue());
      }
    }
    return values;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, SignatureHeaders.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only where Spring's web classes are there. */
  private static final class ServletHeaders {
    static List<String> values(String name) {
      RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
      if (!(attributes instanceof ServletRequestAttributes servlet)) {
        return null;
      }
      HttpServletRequest request = servlet.getRequest();
      return request.getHeaders(name) == null
          ? List.of()
          : Collections.list(request.getHeaders(name));
    }
  }
}
