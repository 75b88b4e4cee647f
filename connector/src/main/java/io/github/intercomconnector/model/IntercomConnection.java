/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.model;

import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/**
 * Where and how to reach Intercom: the fields of the "Authentication", "Intercom workspace" and
 * "Timeouts" groups that every Intercom task shares. {@link #toString()} never prints the token.
 */
public record IntercomConnection(
    @TemplateProperty(
            group = "authentication",
            label = "Access token",
            description =
                "Intercom access token (workspace or OAuth). Store it as a secret: "
                    + "{{secrets.INTERCOM_ACCESS_TOKEN}}. May stay empty only with a custom base URL "
                    + "whose gateway adds the credentials itself.",
            optional = true)
        String accessToken,
    @TemplateProperty(
            group = "workspace",
            label = "Region",
            description =
                "Where each call and its data are processed. Intercom routes a call to the United"
                    + " States host to the workspace's own region; a regional host pins the call"
                    + " there (data residency) and refuses a workspace of another region (401).",
            type = PropertyType.Dropdown,
            defaultValue = "us",
            choices = {
              @DropdownPropertyChoice(value = "us", label = "United States (api.intercom.io)"),
              @DropdownPropertyChoice(value = "eu", label = "Europe (api.eu.intercom.io)"),
              @DropdownPropertyChoice(value = "au", label = "Australia (api.au.intercom.io)"),
              @DropdownPropertyChoice(
                  value = "custom",
                  label = "Custom base URL (gateway or proxy)")
            })
        String region,
    @TemplateProperty(
            group = "workspace",
            label = "Custom base URL",
            description =
                "Base URL of a gateway or proxy in front of the Intercom API, e.g. "
                    + "https://intercom-gateway.example.com/v1. Must use https, except for "
                    + "loopback addresses (local testing).",
            optional = true,
            condition = @PropertyCondition(property = "connection.region", equals = "custom"))
        String baseUrl,
    @TemplateProperty(
            group = "workspace",
            label = "Intercom-Version",
            description =
                "API version sent in the Intercom-Version header. Choose \"Other\" to enter a "
                    + "version released after this connector.",
            type = PropertyType.Dropdown,
            defaultValue = IntercomVersions.DEFAULT,
            choices = {
              @DropdownPropertyChoice(value = "2.16", label = "2.16 (newest stable)"),
              @DropdownPropertyChoice(value = "2.15", label = "2.15"),
              @DropdownPropertyChoice(value = "2.14", label = "2.14"),
              @DropdownPropertyChoice(value = "2.13", label = "2.13"),
              @DropdownPropertyChoice(value = "2.12", label = "2.12"),
              @DropdownPropertyChoice(value = "2.11", label = "2.11"),
              @DropdownPropertyChoice(value = "2.10", label = "2.10"),
              @DropdownPropertyChoice(value = "2.9", label = "2.9"),
              @DropdownPropertyChoice(value = "2.8", label = "2.8"),
              @DropdownPropertyChoice(value = "2.7", label = "2.7"),
              @DropdownPropertyChoice(value = "Preview", label = "Preview (unstable)"),
              @DropdownPropertyChoice(value = IntercomVersions.OTHER, label = "Other (enter below)")
            })
        String intercomVersion,
    @TemplateProperty(
            group = "workspace",
            label = "Other Intercom-Version",
            description = "Sent as is in the Intercom-Version header, e.g. 2.17.",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "connection.intercomVersion",
                    equals = IntercomVersions.OTHER))
        String otherIntercomVersion,
    @TemplateProperty(
            group = "timeouts",
            label = "Connect timeout (seconds)",
            description = "Time allowed to open a connection to Intercom.",
            type = PropertyType.Number,
            defaultValue = "10",
            defaultValueType = TemplateProperty.DefaultValueType.Number,
            optional = true)
        Integer connectTimeoutSeconds,
    @TemplateProperty(
            group = "timeouts",
            label = "Read timeout (seconds)",
            description = "Time allowed between two packets of Intercom's answer.",
            type = PropertyType.Number,
            defaultValue = "30",
            defaultValueType = TemplateProperty.DefaultValueType.Number,
            optional = true)
        Integer readTimeoutSeconds,
    @TemplateProperty(
            group = "timeouts",
            label = "Call timeout (seconds)",
            description =
                "Time allowed for one whole HTTP exchange with Intercom, from connecting to the "
                    + "last byte of the answer.",
            type = PropertyType.Number,
            defaultValue = "60",
            defaultValueType = TemplateProperty.DefaultValueType.Number,
            optional = true)
        Integer callTimeoutSeconds) {

  @Override
  public String toString() {
    return "IntercomConnection[accessToken="
        + (accessToken == null || accessToken.isEmpty() ? "<empty>" : "[REDACTED]")
        + ", region="
        + region
        + ", baseUrl="
        + baseUrl
        + ", intercomVersion="
        + intercomVersion
        + ", otherIntercomVersion="
        + otherIntercomVersion
        + ", connectTimeoutSeconds="
        + connectTimeoutSeconds
        + ", readTimeoutSeconds="
        + readTimeoutSeconds
        + ", callTimeoutSeconds="
        + callTimeoutSeconds
        + "]";
  }
}
