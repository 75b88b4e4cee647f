/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A plain HTTP client for the sandbox tests: what any Intercom client would send. */
final class SandboxClient {

  record Answer(int status, String body, okhttp3.Headers headers) {}

  static final OkHttpClient HTTP =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  private final String baseUrl;
  private final String token;
  private String version = "2.16";

  SandboxClient(IntercomSandbox sandbox, String token) {
    this.baseUrl = sandbox.baseUrl();
    this.token = token;
  }

  SandboxClient version(String version) {
    this.version = version;
    return this;
  }

  Answer get(String path) throws IOException {
    return call("GET", path, null);
  }

  Answer post(String path, String json) throws IOException {
    return call("POST", path, json);
  }

  Answer delete(String path) throws IOException {
    return call("DELETE", path, null);
  }

  Answer call(String method, String path, String json) throws IOException {
    Request.Builder b =
        new Request.Builder().url(baseUrl + path).header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (version != null) {
      b.header("Intercom-Version", version);
    }
    RequestBody body =
        json != null
            ? RequestBody.create(json, MediaType.get("application/json"))
            : method.equals("POST") ? RequestBody.create(new byte[0]) : null;
    b.method(method, body);
    try (Response r = HTTP.newCall(b.build()).execute()) {
      return new Answer(r.code(), r.body().string(), r.headers());
    }
  }
}
