/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.client;

import java.time.Instant;
import java.util.Map;

/**
 * A successful answer: Intercom's JSON object as it came (every field, in order), and what the
 * answer says about itself.
 *
 * @param status the HTTP status (2xx)
 * @param body Intercom's JSON object
 * @param requestId Intercom's {@code X-Request-Id} header, or null
 * @param date Intercom's {@code Date} header, or null when absent or unreadable
 * @param attempts HTTP exchanges it took (1 unless a transient failure was retried)
 */
public record IntercomResponse(
    int status, Map<String, Object> body, String requestId, Instant date, int attempts) {}
