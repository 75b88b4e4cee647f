package io.github.intercomconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.github.intercomconnector.examples.ConnectorRuntime;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void onboardingRuns() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] body = "{\"type\":\"subscription\",\"id\":\"108\",\"state\":\"live\",\"consent_type\":\"opt_in\",\"extra\":1}".getBytes(StandardCharsets.UTF_8);
      System.out.println("GOT " + ex.getRequestMethod() + " " + ex.getRequestURI() + " auth=" + (ex.getRequestHeaders().getFirst("Authorization") != null));
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    long t0 = System.currentTimeMillis();
    try (ConnectorRuntime runtime = ConnectorRuntime.forEmbeddedEngine(engine.getGatewayAddress(),
        Map.of("INTERCOM_ACCESS_TOKEN", "tok_smoke", "INTERCOM_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort()), Map.of())) {
      System.out.println("runtime up in " + (System.currentTimeMillis() - t0));
      CamundaClient client = runtime.client();
      client.newDeployResourceCommand().addResourceFromClasspath("processes/onboarding.bpmn").send().join();
      var result = client.newCreateInstanceCommand().bpmnProcessId("intercom-onboarding").latestVersion()
          .variables(Map.of("contactId", "c1", "newsletterSubscriptionTypeId", 108))
          .withResult().requestTimeout(Duration.ofSeconds(30)).send().join();
      System.out.println("VARS " + result.getVariablesAsMap());
      assertThat(result.getVariablesAsMap()).containsKey("newsletterSubscription");
    } finally {
      engine.stop();
      server.stop(0);
    }
  }
}
