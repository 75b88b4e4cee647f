/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import io.camunda.client.CamundaClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A running Camunda connector runtime. Secrets are handed over as a property source that only the
 * runtime's environment secret provider reads (prefix {@value #SECRET_PREFIX}), never as command
 * line arguments or system properties.
 */
public final class ConnectorRuntime implements AutoCloseable {

  public static final String SECRET_PREFIX = "CONNECTOR_SECRET_";

  private final ConfigurableApplicationContext context;

  private ConnectorRuntime(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** Starts a runtime that works for the in-memory engine whose gRPC gateway is at the address. */
  public static ConnectorRuntime forEmbeddedEngine(
      String gatewayAddress, Map<String, String> secrets, Map<String, String> extraProperties) {
    List<String> args = new ArrayList<>();
    args.add("--camunda.client.mode=self-managed");
    args.add("--camunda.client.grpc-address=http://" + gatewayAddress);
    args.add("--camunda.client.rest-address=http://" + gatewayAddress);
    // The in-memory engine speaks gRPC only.
    args.add("--camunda.client.prefer-rest-over-grpc=false");
    args.add("--camunda.connector.polling.enabled=false");
    args.add("--camunda.connector.webhook.enabled=false");
    args.add("--server.port=0");
    args.add("--management.server.port=0");
    args.add("--management.endpoints.web.exposure.include=health,prometheus");
    extraProperties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return start(args.toArray(String[]::new), secrets);
  }

  /**
   * Starts a runtime configured by the environment (CAMUNDA_CLIENT_* for SaaS or self-managed
   * clusters), as the official runtime would be.
   */
  public static ConnectorRuntime fromEnvironment(Map<String, String> secrets) {
    return start(new String[0], secrets);
  }

  private static ConnectorRuntime start(String[] args, Map<String, String> secrets) {
    Map<String, Object> secretProperties = new LinkedHashMap<>();
    secretProperties.put("camunda.connector.secretprovider.environment.prefix", SECRET_PREFIX);
    secrets.forEach((name, value) -> secretProperties.put(SECRET_PREFIX + name, value));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ConnectorRuntimeApplication.class)
            .web(WebApplicationType.SERVLET)
            .initializers(ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("intercom-example-secrets", secretProperties)))
            .logStartupInfo(false)
            .run(args);
    return new ConnectorRuntime(context);
  }

  public CamundaClient client() {
    return context.getBean(CamundaClient.class);
  }

  /** The port of the runtime's management endpoints (health, Prometheus). */
  public int managementPort() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    context.close();
  }
}
