/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.examples;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Camunda connector runtime (Spring Boot starter), which finds the Intercom connector through
 * Java service loading like any runtime that has the connector jar on its class path.
 */
@SpringBootApplication
public class ConnectorRuntimeApplication {}
