/*
 * Copyright the Intercom subscription connector authors.
 * Licensed under the Apache License, Version 2.0.
 */
package io.github.intercomconnector.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.intercomconnector.client.ApiVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A stand-in for the Intercom REST API on a loopback port: the subscription and contact endpoints
 * the connector uses, Intercom's error format, bearer-token and Intercom-Version checks, rate
 * limits with Intercom's headers, injectable faults, and a journal of what arrived.
 *
 * <p>Choices where Intercom documents nothing: attaching an attached type answers 200 again;
 * attaching with a consent type that differs from the type's own, or to an archived type, answers
 * 400 parameter_invalid; detaching a type that is not attached answers 404 not_found "Resource Not
 * Found" (a missing contact answers 404 "User Not Found"). A deleted contact is gone: search leaves
 * it out and every later request for it answers 404. An archived contact is out of search and
 * answers 404 to reads and changes until unarchived; deleting it deletes it, archiving it again
 * answers 200 {@code archived: true}, and unarchiving a contact that is not archived answers 200
 * {@code archived: false}. {@code PUT /contacts/{id}} changes the global email opt-out only, and
 * sends no webhook notification: Intercom documents the topic {@code contact.unsubscribed}, not
 * whether a change made through the API sends it, so the sandbox sends none, as for the API's
 * subscription changes.
 */
public final class IntercomSandbox implements AutoCloseable {

  private static final Pattern BEARER = Pattern.compile("Bearer (\\S+)");

  /**
   * What arrived: the Authorization value is never kept, only whether it was there and valid; and
   * the {@code X-Request-Id} of the answer (sent unless the answer was lost or the connection
   * dropped), and when the request arrived, on the sandbox's clock.
   */
  public record Received(
      String method,
      String rawPath,
      Map<String, String> headers,
      boolean authorizationPresent,
      boolean authorized,
      String body,
      String requestId,
      Instant at) {}

  /** How a sandbox behaves; build with {@link #builder()}. */
  public record Config(
      String host,
      int port,
      Set<String> tokens,
      boolean gatewayMode,
      int rateLimit,
      int rateLimitWindowSeconds,
      SandboxState state,
      Clock clock,
      Duration latency) {}

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private Set<String> tokens = Set.of();
    private boolean gatewayMode;
    private int rateLimit = 1666;
    private int rateLimitWindowSeconds = 10;
    private SandboxState state;
    private Clock clock = Clock.systemUTC();
    private Duration searchLag = Duration.ZERO;
    private Duration latency = Duration.ZERO;

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Access tokens the workspace accepts. */
    public Builder tokens(String... tokens) {
      this.tokens = Set.of(tokens);
      return this;
    }

    /** Accept requests without Authorization, as behind a gateway that adds credentials. */
    public Builder gatewayMode(boolean gatewayMode) {
      this.gatewayMode = gatewayMode;
      return this;
    }

    public Builder rateLimit(int limit, int windowSeconds) {
      this.rateLimit = limit;
      this.rateLimitWindowSeconds = windowSeconds;
      return this;
    }

    public Builder state(SandboxState state) {
      this.state = state;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long a contact added while the sandbox runs stays out of search results. */
    public Builder searchLag(Duration searchLag) {
      this.searchLag = searchLag;
      return this;
    }

    /** How long each API call takes before it is answered, as Intercom's 100–300 ms do. */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    public IntercomSandbox start() throws IOException {
      return new IntercomSandbox(
          new Config(
              host,
              port,
              tokens,
              gatewayMode,
              rateLimit,
              rateLimitWindowSeconds,
              (state == null ? SandboxState.exampleWorkspace() : state)
                  .clock(clock)
                  .searchLag(searchLag),
              clock,
              latency));
    }
  }

  private final Config config;
  private final SandboxState state;
  private final RateLimiter rateLimiter;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Fault> faults = new ArrayList<>();
  private final List<Received> journal = Collections.synchronizedList(new ArrayList<>());
  private volatile WebhookSender webhooks;

  private IntercomSandbox(Config config) throws IOException {
    this.config = config;
    this.state = config.state();
    this.rateLimiter =
        new RateLimiter(config.rateLimit(), config.rateLimitWindowSeconds(), config.clock());
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 100);
    // One virtual thread per exchange: answers that take their time (latency) do not queue.
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * From now on, changes a person makes (see {@link #personUnsubscribes}) are sent as signed
   * webhook notifications to this URL, as an app's webhook subscription in Intercom's Developer Hub
   * would; a delivery that is not answered 2xx is sent once more after {@code retryDelay}.
   */
  public WebhookSender sendWebhooksTo(URI target, String clientSecret, Duration retryDelay) {
    WebhookSender sender =
        new WebhookSender(target, clientSecret, retryDelay, "sandbox-app", config.clock());
    WebhookSender earlier = webhooks;
    webhooks = sender;
    if (earlier != null) {
      earlier.close();
    }
    return sender;
  }

  /**
   * The person clicks "unsubscribe" for this type in an email's footer (or the Messenger's
   * preferences): an opt-in type is removed, an opt-out type recorded as opted out, and {@code
   * granular.unsubscribe} is sent. Returns the notification id, or null when no webhook is set.
   */
  public String personUnsubscribes(String contactId, String subscriptionTypeId) {
    return personChanges(contactId, subscriptionTypeId, false);
  }

  /**
   * The person subscribes to this type in the Messenger's preferences: {@code granular.subscribe}.
   */
  public String personSubscribes(String contactId, String subscriptionTypeId) {
    return personChanges(contactId, subscriptionTypeId, true);
  }

  private String personChanges(String contactId, String typeId, boolean subscribes) {
    ObjectNode contact = state.contact(contactId);
    ObjectNode type = state.subscriptionType(typeId);
    if (contact == null || type == null) {
      throw new IllegalArgumentException("no such contact or subscription type");
    }
    boolean optIn = "opt_in".equals(type.path("consent_type").asText());
    if (subscribes == optIn) {
      state.attach(contactId, typeId, optIn ? "opt_in" : "opt_out");
    } else if (optIn) {
      state.detach(contactId, typeId);
    } else {
      state.attach(contactId, typeId, "opt_out");
    }
    WebhookSender sender = webhooks;
    if (sender == null) {
      return null;
    }
    ObjectNode item = SandboxState.JSON.createObjectNode();
    item.put("type", "subscription");
    item.set("subscription_type", type);
    ObjectNode person = item.putObject("contact");
    person.put("type", "contact");
    for (String field : List.of("id", "email", "external_id", "role")) {
      person.set(field, contact.get(field));
    }
    return sender.notify(subscribes ? "granular.subscribe" : "granular.unsubscribe", item);
  }

  /** Sends a copy of {@code item} with this topic, when a webhook is listening. */
  private void notifyWebhook(String topic, ObjectNode item) {
    WebhookSender sender = webhooks;
    if (sender != null) {
      sender.notify(topic, item.deepCopy());
    }
  }

  /** The base URL to give the connector (region "custom"), e.g. http://127.0.0.1:4711. */
  public String baseUrl() {
    return "http://" + config.host() + ":" + server.getAddress().getPort();
  }

  public SandboxState state() {
    return state;
  }

  /** Plays {@code fault} for the next {@code fault.count()} matching requests. */
  public void inject(Fault fault) {
    synchronized (faults) {
      faults.add(fault);
    }
  }

  public void clearFaults() {
    synchronized (faults) {
      faults.clear();
    }
  }

  public List<Received> journal() {
    synchronized (journal) {
      return List.copyOf(journal);
    }
  }

  /**
   * The most requests that arrived in any one rate-limit window so far, refused ones included: a
   * client that respects the limit keeps this at or below {@link #rateLimit()}.
   */
  public int maxRequestsInAWindow() {
    return rateLimiter.maxArrivedInAWindow();
  }

  /** Calls refused with 429 so far. */
  public long rateLimitedCalls() {
    return rateLimiter.rejected();
  }

  public int rateLimit() {
    return rateLimiter.limit();
  }

  /** The length of a rate-limit window; windows are aligned to whole multiples of it. */
  public int rateLimitWindowSeconds() {
    return rateLimiter.windowSeconds();
  }

  @Override
  public void close() {
    if (webhooks != null) {
      webhooks.close();
    }
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- request handling

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String rawPath = exchange.getRequestURI().getRawPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String requestId = UUID.randomUUID().toString();
      exchange.getResponseHeaders().set("X-Request-Id", requestId);
      if (rawPath.startsWith("/__sandbox/")) {
        admin(exchange, method, rawPath, body);
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      boolean authorized = isAuthorized(authorization);
      journal.add(
          new Received(
              method,
              rawPath,
              headersWithoutAuthorization(exchange),
              authorization != null,
              authorized,
              body,
              requestId,
              config.clock().instant()));

      Fault fault = takeFault(method, rawPath);
      if (fault != null) {
        switch (fault.kind()) {
          case DROP_CONNECTION -> {
            dropConnection(exchange);
            return;
          }
          case STATUS -> {
            error(
                exchange,
                fault.status(),
                codeFor(fault.status()),
                "Sandbox fault: HTTP " + fault.status(),
                null);
            return;
          }
          case MALFORMED_JSON -> {
            send(
                exchange,
                fault.status(),
                "application/json",
                "{\"type\":\"subscription\",\"id\":",
                null);
            return;
          }
          case HTML -> {
            send(
                exchange,
                fault.status(),
                "text/html",
                "<html><body><h1>Bad gateway</h1></body></html>",
                null);
            return;
          }
          case SLOW -> sleep(fault.delay());
          case LOSE_ANSWER -> LOSE.set(true);
        }
      }
      if (!authorized) {
        error(exchange, 401, "unauthorized", "Access Token Invalid", null);
        return;
      }
      String version = exchange.getRequestHeaders().getFirst("Intercom-Version");
      if (version != null && !ApiVersions.ACCEPTED.contains(version)) {
        error(
            exchange,
            400,
            "intercom_version_invalid",
            "The requested version could not be found",
            null);
        return;
      }
      RateLimiter.Decision decision = rateLimiter.take();
      if (!decision.allowed()) {
        error(
            exchange,
            429,
            "rate_limit_exceeded",
            "Exceeded rate limit of "
                + decision.limit()
                + " in "
                + config.rateLimitWindowSeconds()
                + "_seconds",
            decision);
        return;
      }
      if (!config.latency().isZero()) {
        sleep(config.latency());
      }
      route(exchange, method, segments(rawPath), body, decision);
    } catch (RuntimeException e) {
      error(exchange, 500, "server_error", "Sandbox error: " + e.getClass().getSimpleName(), null);
    } finally {
      LOSE.remove();
    }
  }

  /** Set while a request's answer is to be lost: it is done, then the connection closes. */
  private static final ThreadLocal<Boolean> LOSE = ThreadLocal.withInitial(() -> false);

  private void route(
      HttpExchange ex, String method, List<String> path, String body, RateLimiter.Decision rl)
      throws IOException {
    int n = path.size();
    if (n >= 2 && path.get(0).equals("contacts") && state.mergedInto(path.get(1)) != null) {
      merged(ex, state.mergedInto(path.get(1)), rl);
    } else if (n == 3
        && path.get(0).equals("contacts")
        && path.get(1).equals("find_by_external_id")
        && method.equals("GET")) {
      findByExternalId(ex, path.get(2), rl);
    } else if (n == 1 && path.get(0).equals("subscription_types") && method.equals("GET")) {
      ok(ex, list(state.subscriptionTypes()), rl);
    } else if (n == 2
        && path.get(0).equals("contacts")
        && path.get(1).equals("search")
        && method.equals("POST")) {
      search(ex, body, rl);
    } else if (n == 2 && path.get(0).equals("contacts") && method.equals("DELETE")) {
      ObjectNode deleted = state.delete(path.get(1));
      if (deleted == null) {
        error(ex, 404, "not_found", "User Not Found", rl);
      } else {
        notifyWebhook("contact.deleted", deleted);
        deleted.put("deleted", true);
        ok(ex, deleted, rl);
      }
    } else if (n == 3
        && path.get(0).equals("contacts")
        && (path.get(2).equals("archive") || path.get(2).equals("unarchive"))
        && method.equals("POST")) {
      boolean archive = path.get(2).equals("archive");
      boolean wasArchived = state.isArchived(path.get(1));
      ObjectNode reference = state.archive(path.get(1), archive);
      if (reference == null) {
        error(ex, 404, "not_found", "User Not Found", rl);
      } else {
        if (archive != wasArchived) {
          notifyWebhook(archive ? "contact.archived" : "contact.unarchived", reference);
        }
        reference.put("archived", archive);
        ok(ex, reference, rl);
      }
    } else if (n == 2 && path.get(0).equals("contacts") && method.equals("PUT")) {
      update(ex, path.get(1), body, rl);
    } else if (n == 2 && path.get(0).equals("contacts") && method.equals("GET")) {
      ObjectNode contact = state.contact(path.get(1));
      if (contact == null) {
        error(ex, 404, "not_found", "User Not Found", rl);
      } else {
        ok(ex, contact, rl);
      }
    } else if (n == 3 && path.get(0).equals("contacts") && path.get(2).equals("subscriptions")) {
      String contactId = path.get(1);
      if (!state.hasContact(contactId)) {
        error(ex, 404, "not_found", "User Not Found", rl);
      } else if (method.equals("GET")) {
        List<ObjectNode> types = new ArrayList<>();
        state.consents(contactId).keySet().forEach(id -> types.add(state.subscriptionType(id)));
        ok(ex, list(types), rl);
      } else if (method.equals("POST")) {
        attach(ex, contactId, body, rl);
      } else {
        error(ex, 404, "not_found", "Resource Not Found", rl);
      }
    } else if (n == 4
        && path.get(0).equals("contacts")
        && path.get(2).equals("subscriptions")
        && method.equals("DELETE")) {
      String contactId = path.get(1);
      String typeId = path.get(3);
      ObjectNode type = state.subscriptionType(typeId);
      if (!state.hasContact(contactId)) {
        error(ex, 404, "not_found", "User Not Found", rl);
      } else if (type == null || !state.detach(contactId, typeId)) {
        error(ex, 404, "not_found", "Resource Not Found", rl);
      } else {
        ok(ex, type, rl);
      }
    } else {
      error(ex, 404, "not_found", "Resource Not Found", rl);
    }
  }

  private void attach(HttpExchange ex, String contactId, String body, RateLimiter.Decision rl)
      throws IOException {
    JsonNode request;
    try {
      request = SandboxState.JSON.readTree(body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      error(ex, 400, "parameter_invalid", "Request body is not valid JSON", rl);
      return;
    }
    JsonNode id = request.get("id");
    JsonNode consent = request.get("consent_type");
    if (id == null || id.isNull() || id.asText().isBlank()) {
      error(ex, 400, "parameter_missing", "id is required", rl);
      return;
    }
    if (consent == null || consent.isNull()) {
      error(ex, 400, "parameter_missing", "consent_type is required", rl);
      return;
    }
    String consentType = consent.asText();
    if (!consentType.equals("opt_in") && !consentType.equals("opt_out")) {
      error(ex, 400, "parameter_invalid", "consent_type must be opt_in or opt_out", rl);
      return;
    }
    ObjectNode type = state.subscriptionType(id.asText());
    if (type == null) {
      error(ex, 404, "not_found", "Resource Not Found", rl);
      return;
    }
    if ("archived".equals(type.path("state").asText())) {
      error(ex, 400, "parameter_invalid", "Subscription type is archived", rl);
      return;
    }
    if (!consentType.equals(type.path("consent_type").asText())) {
      error(ex, 400, "parameter_invalid", "consent_type does not match the subscription type", rl);
      return;
    }
    state.attach(contactId, id.asText(), consentType);
    ok(ex, type, rl);
  }

  /**
   * {@code PUT /contacts/{id}} ({@code UpdateContact}): changes the global email opt-out, {@code
   * unsubscribed_from_emails}, and answers the contact model as Intercom does. An unknown, deleted
   * or archived contact answers 404. A body that is not a JSON object, a flag that is not a
   * boolean, and a field the sandbox does not change (name, email, …: it keeps contacts as seeded)
   * answer 400 parameter_invalid; a null flag, or none, leaves it as it is.
   */
  private void update(HttpExchange ex, String contactId, String body, RateLimiter.Decision rl)
      throws IOException {
    if (!state.hasContact(contactId)) {
      error(ex, 404, "not_found", "User Not Found", rl);
      return;
    }
    JsonNode request;
    try {
      request = SandboxState.JSON.readTree(body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      error(ex, 400, "parameter_invalid", "Request body is not valid JSON", rl);
      return;
    }
    if (!request.isObject()) {
      error(ex, 400, "parameter_invalid", "Request body must be a JSON object", rl);
      return;
    }
    for (String field : (Iterable<String>) request::fieldNames) {
      if (!field.equals(UNSUBSCRIBED)) {
        error(ex, 400, "parameter_invalid", "The sandbox does not change " + field, rl);
        return;
      }
    }
    JsonNode flag = request.path(UNSUBSCRIBED);
    if (!flag.isMissingNode() && !flag.isNull() && !flag.isBoolean()) {
      error(ex, 400, "parameter_invalid", UNSUBSCRIBED + " must be a boolean", rl);
      return;
    }
    if (flag.isBoolean()) {
      state.unsubscribeFromEmails(contactId, flag.asBoolean());
    }
    ok(ex, state.contact(contactId), rl);
  }

  private static final String UNSUBSCRIBED = "unsubscribed_from_emails";

  /** Intercom's answer for a merged contact: 410 with a Link to the one it was merged into. */
  private void merged(HttpExchange ex, String canonical, RateLimiter.Decision rl)
      throws IOException {
    ex.getResponseHeaders().set("Link", "</contacts/" + canonical + ">; rel=\"canonical\"");
    error(ex, 410, "contact_merged", "Contact was merged into another contact", rl);
  }

  /** Users only, as Intercom documents; a merged user answers 410 with a Link. */
  private void findByExternalId(HttpExchange ex, String externalId, RateLimiter.Decision rl)
      throws IOException {
    ObjectNode user = state.userByExternalId(externalId);
    if (user == null) {
      error(ex, 404, "not_found", "User Not Found", rl);
    } else if (state.mergedInto(user.get("id").asText()) != null) {
      merged(ex, state.mergedInto(user.get("id").asText()), rl);
    } else {
      ok(ex, user, rl);
    }
  }

  /**
   * {@code POST /contacts/search} for {@code =} on email, external_id and role, alone or joined
   * with AND; pages with {@code per_page} and an opaque {@code starting_after} cursor.
   */
  private void search(HttpExchange ex, String body, RateLimiter.Decision rl) throws IOException {
    JsonNode request;
    try {
      request = SandboxState.JSON.readTree(body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      error(ex, 400, "parameter_invalid", "Request body is not valid JSON", rl);
      return;
    }
    JsonNode query = request.path("query");
    List<JsonNode> filters = new ArrayList<>();
    if (query.has("field")) {
      filters.add(query);
    } else if ("AND".equals(query.path("operator").asText()) && query.path("value").isArray()) {
      query.path("value").forEach(filters::add);
    } else {
      error(ex, 400, "parameter_invalid", "Only = filters joined with AND are supported here", rl);
      return;
    }
    Map<String, String> equal = new LinkedHashMap<>();
    for (JsonNode filter : filters) {
      String field = filter.path("field").asText();
      if (!Set.of("email", "external_id", "role").contains(field)
          || !filter.path("operator").asText().equals("=")) {
        error(
            ex,
            400,
            "parameter_invalid",
            "Only = on email, external_id and role is supported here",
            rl);
        return;
      }
      equal.put(field, filter.path("value").asText());
    }
    int perPage = Math.min(150, Math.max(1, request.path("pagination").path("per_page").asInt(50)));
    int start = cursorIndex(request.path("pagination").path("starting_after").asText(null));
    List<ObjectNode> found = state.findContacts(equal);
    ObjectNode result =
        list(found.subList(Math.min(start, found.size()), Math.min(start + perPage, found.size())));
    result.put("total_count", found.size());
    ObjectNode pages = result.putObject("pages");
    pages.put("type", "pages");
    pages.put("page", start / perPage + 1);
    pages.put("per_page", perPage);
    pages.put("total_pages", (found.size() + perPage - 1) / perPage);
    if (start + perPage < found.size()) {
      ObjectNode next = pages.putObject("next");
      next.put("per_page", perPage);
      next.put(
          "starting_after",
          Base64.getEncoder()
              .encodeToString(("after:" + (start + perPage)).getBytes(StandardCharsets.UTF_8)));
    }
    ok(ex, result, rl);
  }

  private static int cursorIndex(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
      return decoded.startsWith("after:") ? Integer.parseInt(decoded.substring(6)) : 0;
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private void admin(HttpExchange ex, String method, String rawPath, String body)
      throws IOException {
    if (rawPath.equals("/__sandbox/state") && method.equals("GET")) {
      send(ex, 200, "application/json", state.snapshot().toString(), null);
    } else if (rawPath.equals("/__sandbox/faults") && method.equals("POST")) {
      JsonNode f = SandboxState.JSON.readTree(body);
      inject(
          new Fault(
              Fault.Kind.valueOf(f.path("kind").asText()),
              f.path("count").asInt(1),
              f.path("status").asInt(503),
              Duration.ofMillis(f.path("delayMillis").asLong(0)),
              f.hasNonNull("method") ? f.get("method").asText() : null,
              f.hasNonNull("pathPrefix") ? f.get("pathPrefix").asText() : null));
      send(ex, 204, null, null, null);
    } else if (rawPath.matches("/__sandbox/people/[^/]+/(un)?subscribe/[^/]+")
        && method.equals("POST")) {
      List<String> parts = segments(rawPath);
      try {
        String id =
            parts.get(3).equals("subscribe")
                ? personSubscribes(parts.get(2), parts.get(4))
                : personUnsubscribes(parts.get(2), parts.get(4));
        send(ex, 200, "application/json", "{\"notification\":\"" + id + "\"}", null);
      } catch (IllegalArgumentException unknown) {
        send(ex, 404, "application/json", "{}", null);
      }
    } else if (rawPath.equals("/__sandbox/contacts") && method.equals("POST")) {
      String id = state.addContact(SandboxState.JSON.readTree(body));
      send(ex, 200, "application/json", "{\"id\":\"" + id + "\"}", null);
    } else {
      send(ex, 404, "application/json", "{}", null);
    }
  }

  // ---------------------------------------------------------------- helpers

  private boolean isAuthorized(String authorization) {
    if (authorization == null) {
      return config.gatewayMode();
    }
    var m = BEARER.matcher(authorization);
    return m.matches() && config.tokens().contains(m.group(1));
  }

  private Fault takeFault(String method, String rawPath) {
    synchronized (faults) {
      for (int i = 0; i < faults.size(); i++) {
        Fault f = faults.get(i);
        if (f.matches(method, rawPath)) {
          if (f.count() <= 1) {
            faults.remove(i);
          } else {
            faults.set(i, f.used());
          }
          return f;
        }
      }
      return null;
    }
  }

  /** Intercom's error code for a status played as a fault. */
  private static String codeFor(int status) {
    return switch (status) {
      case 400, 422 -> "parameter_invalid";
      case 401 -> "unauthorized";
      case 403 -> "action_forbidden";
      case 404 -> "not_found";
      case 409 -> "conflict";
      case 410 -> "contact_merged";
      case 429 -> "rate_limit_exceeded";
      default -> status >= 500 ? "service_unavailable" : "client_error";
    };
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String raw : rawPath.split("/")) {
      if (!raw.isEmpty()) {
        out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static ObjectNode list(List<ObjectNode> items) {
    ObjectNode list = SandboxState.JSON.createObjectNode();
    list.put("type", "list");
    ArrayNode data = list.putArray("data");
    items.forEach(data::add);
    return list;
  }

  private static Map<String, String> headersWithoutAuthorization(HttpExchange exchange) {
    Map<String, String> out = new LinkedHashMap<>();
    Headers headers = exchange.getRequestHeaders();
    headers.forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Authorization")) {
        out.put(name, String.join(",", values));
      }
    });
    return out;
  }

  private void ok(HttpExchange ex, JsonNode body, RateLimiter.Decision rl) throws IOException {
    send(ex, 200, "application/json", body.toString(), rl);
  }

  private void error(
      HttpExchange ex, int status, String code, String message, RateLimiter.Decision rl)
      throws IOException {
    ObjectNode body = SandboxState.JSON.createObjectNode();
    body.put("type", "error.list");
    body.put("request_id", ex.getResponseHeaders().getFirst("X-Request-Id"));
    ArrayNode errors = body.putArray("errors");
    ObjectNode e = errors.addObject();
    e.put("code", code);
    e.put("message", message);
    send(ex, status, "application/json", body.toString(), rl);
  }

  private static void send(
      HttpExchange ex, int status, String contentType, String body, RateLimiter.Decision rl)
      throws IOException {
    if (LOSE.get()) {
      dropConnection(ex);
      return;
    }
    Headers headers = ex.getResponseHeaders();
    if (contentType != null) {
      headers.set("Content-Type", contentType + "; charset=utf-8");
    }
    if (rl != null) {
      headers.set("X-RateLimit-Limit", String.valueOf(rl.limit()));
      headers.set("X-RateLimit-Remaining", String.valueOf(rl.remaining()));
      headers.set("X-RateLimit-Reset", String.valueOf(rl.resetEpochSecond()));
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Ends the exchange without an answer: the client sees the connection close. */
  private static void dropConnection(HttpExchange exchange) {
    // Closing before sendResponseHeaders makes the JDK server close the connection unanswered.
    exchange.close();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "IntercomSandbox[" + baseUrl() + ", tokens=" + config.tokens().size() + " configured]";
  }

  static List<String> split(String csv) {
    return csv == null || csv.isBlank()
        ? List.of()
        : Arrays.stream(csv.split(",")).map(String::trim).toList();
  }
}
