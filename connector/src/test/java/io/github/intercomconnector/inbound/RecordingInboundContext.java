/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.document.Document;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentReference;
import io.camunda.connector.api.inbound.ActivationCheckResult;
import io.camunda.connector.api.inbound.Activity;
import io.camunda.connector.api.inbound.ActivityBuilder;
import io.camunda.connector.api.inbound.CorrelationRequest;
import io.camunda.connector.api.inbound.CorrelationResult;
import io.camunda.connector.api.inbound.Health;
import io.camunda.connector.api.inbound.InboundConnectorContext;
import io.camunda.connector.api.inbound.InboundConnectorDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An inbound context that binds the given properties and records each correlation, answering it
 * with what the test chooses (which may block, as a slow engine does).
 */
class RecordingInboundContext implements InboundConnectorContext {

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<CorrelationRequest> correlations = new CopyOnWriteArrayList<>();
  final List<Health> health = new CopyOnWriteArrayList<>();
  final List<Activity> activities = new CopyOnWriteArrayList<>();
  private final Map<String, Object> properties;
  private volatile Function<CorrelationRequest, CorrelationResult> engine;

  RecordingInboundContext(
      Map<String, Object> properties, Function<CorrelationRequest, CorrelationResult> engine) {
    this.properties = properties;
    this.engine = engine;
  }

  void engine(Function<CorrelationRequest, CorrelationResult> engine) {
    this.engine = engine;
  }

  @Override
  public CorrelationResult correlate(CorrelationRequest request) {
    correlations.add(request);
    return engine.apply(request);
  }

  @Override
  public <T> T bindProperties(Class<T> cls) {
    return JSON.convertValue(properties, cls);
  }

  @Override
  public Map<String, Object> getProperties() {
    return properties;
  }

  @Override
  public void reportHealth(Health health) {
    this.health.add(health);
  }

  @Override
  public void log(Activity activity) {
    activities.add(activity);
  }

  @Override
  public void log(Consumer<ActivityBuilder> activityBuilderConsumer) {
    ActivityBuilder builder = Activity.newBuilder();
    activityBuilderConsumer.accept(builder);
    activities.add(builder.build());
  }

  @Override
  public ActivationCheckResult canActivate(Object variables) {
    throw new UnsupportedOperationException();
  }

  @Override
  @Deprecated
  public CorrelationResult correlateWithResult(Object variables) {
    throw new UnsupportedOperationException("the connector must give a message id");
  }

  @Override
  public void cancel(Throwable exception) {
    throw new UnsupportedOperationException();
  }

  @Override
  public InboundConnectorDefinition getDefinition() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Document resolve(DocumentReference reference) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Document create(DocumentCreationRequest request) {
    throw new UnsupportedOperationException();
  }
}
