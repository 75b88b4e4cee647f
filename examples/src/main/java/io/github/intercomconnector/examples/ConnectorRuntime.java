/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import io.camunda.client.CamundaClient;
import io.camunda.client.jobhandling.CamundaClientExecutorService;
import io.camunda.connector.runtime.inbound.search.SearchQueryClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
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
    return start(embeddedEngineArguments(gatewayAddress, extraProperties), secrets, beans -> {});
  }

  /**
   * As {@link #forEmbeddedEngine}, with the jobs run on virtual threads, as the 8.9 runtime runs
   * them by default. The 8.8 client takes one scheduled executor for its polling and its handlers:
   * here one of {@code threads} virtual threads (8.9 starts a virtual thread per job).
   */
  public static ConnectorRuntime forEmbeddedEngineOnVirtualThreads(
      String gatewayAddress,
      Map<String, String> secrets,
      Map<String, String> extraProperties,
      int threads) {
    return start(
        embeddedEngineArguments(gatewayAddress, extraProperties),
        secrets,
        beans ->
            beans.registerSingleton(
                "camundaClientExecutorService",
                new CamundaClientExecutorService(
                    Executors.newScheduledThreadPool(
                        threads, Thread.ofVirtual().name("job-worker-virtual-", 0).factory()),
                    true)));
  }

  private static String[] embeddedEngineArguments(
      String gatewayAddress, Map<String, String> extraProperties) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("camunda.client.mode", "self-managed");
    settings.put("camunda.client.grpc-address", "http://" + gatewayAddress);
    settings.put("camunda.client.rest-address", "http://" + gatewayAddress);
    // The in-memory engine speaks gRPC only.
    settings.put("camunda.client.prefer-rest-over-grpc", "false");
    // Inbound connectors need a process-definition search: see forEmbeddedEngineWithWebhooks.
    settings.put("camunda.connector.polling.enabled", "false");
    settings.put("camunda.connector.webhook.enabled", "false");
    settings.put("server.port", "0");
    settings.put("management.server.port", "0");
    settings.put("management.endpoints.web.exposure.include", "health,prometheus");
    settings.putAll(extraProperties);
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> args.add("--" + k + "=" + v));
    return args.toArray(String[]::new);
  }

  /**
   * Starts a runtime that also serves inbound connectors (webhooks, at {@code /inbound/<path>} on
   * {@link #port()}) for processes deployed to this in-memory engine. The 8.8 runtime finds them by
   * polling a process-definition search over the Camunda REST API, which the in-memory engine
   * lacks: here the runtime's own importer polls {@link EngineProcessSearch}, which answers from
   * the engine's records. A real cluster needs none of this.
   */
  public static ConnectorRuntime forEmbeddedEngineWithWebhooks(
      ZeebeTestEngine engine, Map<String, String> secrets, Map<String, String> extraProperties) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("camunda.connector.polling.enabled", "true");
    settings.put("camunda.connector.webhook.enabled", "true");
    settings.put("camunda.connector.polling.interval", "500");
    settings.putAll(extraProperties);
    EngineProcessSearch search = new EngineProcessSearch(engine);
    return start(
        embeddedEngineArguments(engine.getGatewayAddress(), settings),
        secrets,
        beans ->
            beans.addBeanPostProcessor(
                new BeanPostProcessor() {
                  @Override
                  public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof SearchQueryClient ? search : bean;
                  }
                }));
  }

  /**
   * Starts a runtime configured by the environment (CAMUNDA_CLIENT_* for SaaS or self-managed
   * clusters), as the official runtime would be.
   */
  public static ConnectorRuntime fromEnvironment(Map<String, String> secrets) {
    return start(new String[0], secrets, beans -> {});
  }

  private static ConnectorRuntime start(
      String[] args,
      Map<String, String> secrets,
      Consumer<ConfigurableListableBeanFactory> beforeBeans) {
    Map<String, Object> secretProperties = new LinkedHashMap<>();
    secretProperties.put("camunda.connector.secretprovider.environment.prefix", SECRET_PREFIX);
    secrets.forEach((name, value) -> secretProperties.put(SECRET_PREFIX + name, value));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ConnectorRuntimeApplication.class)
            .web(WebApplicationType.SERVLET)
            .initializers(ctx -> {
              ctx.getEnvironment()
                  .getPropertySources()
                  .addFirst(new MapPropertySource("intercom-example-secrets", secretProperties));
              beforeBeans.accept(ctx.getBeanFactory());
            })
            .logStartupInfo(false)
            .run(args);
    return new ConnectorRuntime(context);
  }

  public CamundaClient client() {
    return context.getBean(CamundaClient.class);
  }

  /** The port the runtime serves HTTP on, webhooks included ({@code /inbound/<path>}). */
  public int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
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
