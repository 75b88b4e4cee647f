/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.intercomconnector.inbound.HubSignature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's webhooks: signed as Intercom signs them, sent once more when refused. */
class WebhookSenderTest {

  static final String SECRET = "sandbox-test-secret";

  private HttpServer receiver;
  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private final List<String> signatures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger refuseFirst = new AtomicInteger();
  private IntercomSandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    receiver.createContext(
        "/inbound/test",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          signatures.add(exchange.getRequestHeaders().getFirst("X-Hub-Signature"));
          int status = refuseFirst.getAndDecrement() > 0 ? 503 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    sandbox = IntercomSandbox.builder().tokens("t").start();
    sandbox.sendWebhooksTo(
        URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/inbound/test"),
        SECRET,
        Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    sandbox.close();
    receiver.stop(0);
  }

  private void awaitDeliveries(int count) throws InterruptedException {
    for (int i = 0; i < 100 && bodies.size() < count; i++) {
      Thread.sleep(20);
    }
  }

  @Test
  void aPersonsUnsubscribeIsSentSignedWithTheAppsClientSecret() throws Exception {
    String id =
        sandbox.personUnsubscribes(ExampleWorkspace.GRACE, ExampleWorkspace.PRODUCT_UPDATES);
    awaitDeliveries(1);
    assertThat(bodies).hasSize(1);
    assertThat(new HubSignature(SECRET).check(signatures.get(0), bodies.get(0).getBytes()))
        .isEqualTo(HubSignature.Verdict.GOOD);
    JsonNode sent = SandboxState.JSON.readTree(bodies.get(0));
    assertThat(sent.path("type").asText()).isEqualTo("notification_event");
    assertThat(sent.path("id").asText()).isEqualTo(id).startsWith("notif_");
    assertThat(sent.path("topic").asText()).isEqualTo("granular.unsubscribe");
    assertThat(sent.at("/data/item/subscription_type/id").asText())
        .isEqualTo(ExampleWorkspace.PRODUCT_UPDATES);
    assertThat(sent.at("/data/item/contact/id").asText()).isEqualTo(ExampleWorkspace.GRACE);
    assertThat(sandbox.state().consents(ExampleWorkspace.GRACE))
        .doesNotContainKey(ExampleWorkspace.PRODUCT_UPDATES);
  }

  @Test
  void aRefusedDeliveryIsSentOnceMoreAndNoMore() throws Exception {
    refuseFirst.set(5);
    String id = sandbox.personSubscribes(ExampleWorkspace.ADA, ExampleWorkspace.PRODUCT_UPDATES);
    awaitDeliveries(2);
    Thread.sleep(300); // time for a third delivery, which must not come
    assertThat(bodies).hasSize(2);
    JsonNode retry = SandboxState.JSON.readTree(bodies.get(1));
    assertThat(retry.path("id").asText()).isEqualTo(id);
    assertThat(retry.path("topic").asText()).isEqualTo("granular.subscribe");
    assertThat(retry.path("delivery_attempts").asInt()).isEqualTo(2);
    assertThat(new HubSignature(SECRET).check(signatures.get(1), bodies.get(1).getBytes()))
        .isEqualTo(HubSignature.Verdict.GOOD);
    assertThat(sandbox.state().consents(ExampleWorkspace.ADA))
        .containsEntry(ExampleWorkspace.PRODUCT_UPDATES, "opt_in");
  }

  @Test
  void anErasureIsSentAsContactDeletedOrContactArchived() throws Exception {
    SandboxClient api = new SandboxClient(sandbox, "t");
    assertThat(api.post("/contacts/" + ExampleWorkspace.ALAN + "/archive", null).status())
        .isEqualTo(200);
    awaitDeliveries(1);
    assertThat(api.delete("/contacts/" + ExampleWorkspace.ADA).status()).isEqualTo(200);
    awaitDeliveries(2);
    assertThat(bodies).hasSize(2);
    JsonNode archived = SandboxState.JSON.readTree(bodies.get(0));
    assertThat(archived.path("topic").asText()).isEqualTo("contact.archived");
    assertThat(archived.at("/data/item/type").asText()).isEqualTo("contact");
    assertThat(archived.at("/data/item/id").asText()).isEqualTo(ExampleWorkspace.ALAN);
    JsonNode deleted = SandboxState.JSON.readTree(bodies.get(1));
    assertThat(deleted.path("topic").asText()).isEqualTo("contact.deleted");
    assertThat(deleted.at("/data/item/id").asText()).isEqualTo(ExampleWorkspace.ADA);
    assertThat(deleted.at("/data/item/external_id").asText()).isEqualTo("cust-1001");
    assertThat(new HubSignature(SECRET).check(signatures.get(1), bodies.get(1).getBytes()))
        .isEqualTo(HubSignature.Verdict.GOOD);
  }

  @Test
  void anAnsweredDeliveryIsNotSentAgain() throws Exception {
    sandbox.personUnsubscribes(ExampleWorkspace.GRACE, ExampleWorkspace.MARKETING_EMAILS);
    awaitDeliveries(1);
    Thread.sleep(300);
    assertThat(bodies).hasSize(1);
    assertThat(sandbox.state().consents(ExampleWorkspace.GRACE))
        .containsEntry(ExampleWorkspace.MARKETING_EMAILS, "opt_out");
  }
}
