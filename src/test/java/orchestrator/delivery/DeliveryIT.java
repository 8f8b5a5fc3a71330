package orchestrator.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import orchestrator.testing.Api;
import orchestrator.testing.Deployments;
import orchestrator.testing.Receiver;
import orchestrator.testing.Tokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery to real HTTP receivers (§7, §9). The test servers run with workers 2, batch 5, retry
 * fixed 1 s + progressive 0.5 s, retry.max 3, timeout 1 s and a 30 s interval
 * (it/application.yaml).
 */
@ExtendWith(ArquillianExtension.class)
class DeliveryIT {
  private static final Duration FIXED = Duration.ofSeconds(1);
  private static final Duration PROGRESSIVE = Duration.ofMillis(500);

  /**
   * How late a due attempt may start: rounds are event-driven, plus scheduling noise on a busy
   * machine.
   */
  private static final Duration SLACK = Duration.ofMillis(1500);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final String admin = Tokens.of("delivery-admin", "admin");
  private final String producer = Tokens.of("delivery-producer-" + run, "producer");

  @Test
  void aNewMessageIsDeliveredAtOnceWithItsHeadersAndBody() throws Exception {
    try (Receiver receiver = Receiver.answering(204)) {
      String node = node("now", receiver, "{\"type\":\"none\"}", null);
      byte[] body = "{\"load\":\"pallet-42\"}".getBytes(StandardCharsets.UTF_8);
      Instant posted = Instant.now();
      Api.Reply reply =
          api()
              .post("/api/messages")
              .token(producer)
              .header("Event-Type", type("now"))
              .header("Content-Type", "application/json; charset=utf-8")
              .body(body)
              .send();
      assertEquals(201, reply.status(), reply::toString);
      String id = reply.json().getString("id");

      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received() == 1);
      Receiver.Request request = receiver.requests().get(0);
      assertTrue(
          Duration.between(posted, request.at()).compareTo(Duration.ofSeconds(2)) < 0,
          "delivered at once, not at the next interval");
      assertArrayEquals(body, request.body());
      assertEquals("application/json; charset=utf-8", request.header("Content-Type"));
      assertEquals(type("now"), request.header("Event-Type"));
      assertEquals(id, request.header("Message-Id"));
      assertEquals("1", request.header("Delivery-Attempt"));
      assertNull(request.header("Authorization"));
      assertNull(request.header("webhook-signature"), "no secret, no signature");

      JsonObject delivery = awaitDelivery(reply.header("Location"), node, "DELIVERED");
      assertEquals(1, delivery.getInt("attempts"));
      assertFalse(delivery.isNull("deliveredAt"));
      assertTrue(delivery.isNull("nextAttemptAt"));
      JsonArray attempts =
          api().get(reply.header("Location") + "/attempts").token(admin).send().array();
      assertEquals(1, attempts.size());
      assertEquals("DELIVERED", attempts.getJsonObject(0).getString("outcome"));
      assertEquals(204, attempts.getJsonObject(0).getInt("httpStatus"));

      // and the figures show it
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> metrics().contains("node=\"" + node + "\""));
      String metrics = metrics();
      assertTrue(
          metric(
                  metrics,
                  "orchestrator_delivery_attempts_total",
                  "node=\"" + node + "\"",
                  "outcome=\"DELIVERED\"")
              == 1.0,
          metrics);
      assertTrue(metric(metrics, "orchestrator_messages_received_total") >= 1.0);
      assertTrue(metric(metrics, "orchestrator_delivery_latency_count") >= 1.0);
      assertTrue(
          metric(metrics, "orchestrator_delivery_latency_bucket", "le=\"+Inf\"") >= 1.0,
          "the latency is a histogram with buckets");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  metric(metrics(), "orchestrator_deliveries_pending", "node=\"" + node + "\"")
                      == 0.0);
    }
  }

  @Test
  void pendingAndFrozenFiguresPerNodeAreOnMetrics() throws Exception {
    try (Receiver receiver = Receiver.answering(500)) {
      String node = node("figures", receiver, "{\"type\":\"none\"}", null);
      String frozen = post("figures");
      awaitDelivery(frozen, node, "FROZEN");
      api().post("/api/nodes/" + node + "/pause").token(admin).send();
      post("figures");
      post("figures");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  metric(metrics(), "orchestrator_deliveries_pending", "node=\"" + node + "\"")
                      == 2.0);
      String metrics = metrics();
      assertEquals(
          1.0, metric(metrics, "orchestrator_deliveries_frozen", "node=\"" + node + "\""), metrics);
      assertEquals(
          3.0,
          metric(
              metrics,
              "orchestrator_delivery_attempts_total",
              "node=\"" + node + "\"",
              "outcome=\"FAILED\""));
      assertTrue(
          metric(
                  metrics,
                  "orchestrator_deliveries_oldest_pending_age_seconds",
                  "node=\"" + node + "\"")
              >= 0.0);
    }
  }

  private String metrics() {
    return api().get("/metrics").header("Accept", "text/plain").send().text();
  }

  /**
   * The value of the first sample of {@code name} whose labels contain every one given; NaN when
   * absent.
   */
  private static double metric(String metrics, String name, String... labels) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " ")))
        continue;
      boolean all = true;
      for (String label : labels) all &= line.contains(label);
      if (all) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return Double.NaN;
  }

  @Test
  void eachNodeGetsItsAuthHeaderAndSignedDeliveriesVerify() throws Exception {
    try (Receiver bearer = Receiver.answering(200);
        Receiver basic = Receiver.answering(200);
        Receiver header = Receiver.answering(200);
        Receiver plainSecret = Receiver.answering(200)) {
      String whsec =
          "whsec_"
              + Base64.getEncoder()
                  .encodeToString(
                      "a-32-byte-key-for-the-test-node!".getBytes(StandardCharsets.UTF_8));
      node("bearer", bearer, "{\"type\":\"bearer\",\"token\":\"tok-123\"}", whsec);
      node(
          "basic",
          basic,
          "{\"type\":\"basic\",\"username\":\"orchestrator\",\"password\":\"pa:ss\"}",
          null);
      node(
          "header",
          header,
          "{\"type\":\"header\",\"name\":\"X-Api-Key\",\"value\":\"k-456\"}",
          null);
      node("plain", plainSecret, "{\"type\":\"none\"}", "plain secret");
      for (String name : List.of("bearer", "basic", "header", "plain")) {
        assertEquals(
            201,
            api()
                .post("/api/messages")
                .token(producer)
                .header("Event-Type", type(name))
                .json("{\"n\":\"" + name + "\"}")
                .send()
                .status());
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  bearer.received() + basic.received() + header.received() + plainSecret.received()
                      == 4);

      assertEquals("Bearer tok-123", bearer.requests().get(0).header("Authorization"));
      assertEquals(
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("orchestrator:pa:ss".getBytes(StandardCharsets.UTF_8)),
          basic.requests().get(0).header("Authorization"));
      assertEquals("k-456", header.requests().get(0).header("X-Api-Key"));

      assertSigned(
          bearer.requests().get(0), Base64.getDecoder().decode(whsec.substring("whsec_".length())));
      assertSigned(plainSecret.requests().get(0), "plain secret".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void failedAttemptsAreRetriedAfterFixedPlusProgressiveDelaysAndThenDelivered() throws Exception {
    try (Receiver receiver = Receiver.failingFirst(2)) {
      String node = node("retry", receiver, "{\"type\":\"none\"}", "retry-secret");
      String location = post("retry");
      await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received() == 3);
      List<Receiver.Request> requests = receiver.requests();
      assertEquals(
          List.of("1", "2", "3"),
          requests.stream().map(r -> r.header("Delivery-Attempt")).toList());
      assertEquals(
          1,
          requests.stream().map(r -> r.header("webhook-id")).distinct().count(),
          "webhook-id stays the same on every retry");
      assertBetween(Duration.between(requests.get(0).answeredAt(), requests.get(1).at()), FIXED);
      assertBetween(
          Duration.between(requests.get(1).answeredAt(), requests.get(2).at()),
          FIXED.plus(PROGRESSIVE));

      JsonObject delivery = awaitDelivery(location, node, "DELIVERED");
      assertEquals(3, delivery.getInt("attempts"));
      assertEquals("HTTP 500", delivery.getString("lastError"), "the last error stays visible");
      JsonArray attempts =
          api().get(location + "/attempts").token(Tokens.of("ops", "operator")).send().array();
      assertEquals(
          List.of("FAILED", "FAILED", "DELIVERED"),
          attempts.stream().map(a -> a.asJsonObject().getString("outcome")).toList());
      assertEquals(
          List.of(500, 500, 200),
          attempts.stream().map(a -> a.asJsonObject().getInt("httpStatus")).toList());
      assertEquals(
          List.of(1, 2, 3),
          attempts.stream().map(a -> a.asJsonObject().getInt("attempt")).toList());
    }
  }

  @Test
  void aDeliveryIsFrozenAfterMaxAttemptsAndComesBackWhenRequeued() throws Exception {
    try (Receiver receiver = Receiver.answering(503)) {
      String node = node("freeze", receiver, "{\"type\":\"none\"}", null);
      String location = post("freeze");
      JsonObject frozen = awaitDelivery(location, node, "FROZEN");
      assertEquals(3, frozen.getInt("attempts"));
      assertEquals("HTTP 503", frozen.getString("lastError"));
      assertFalse(frozen.isNull("frozenAt"));
      assertTrue(frozen.isNull("nextAttemptAt"));
      Thread.sleep(FIXED.plus(PROGRESSIVE.multipliedBy(3)).toMillis());
      assertEquals(3, receiver.received(), "no attempt after freezing");

      receiver.answer(200);
      Api.Reply retried =
          api().post(location + "/retry").token(Tokens.of("ops", "operator")).send();
      assertEquals(200, retried.status(), retried::toString);
      assertEquals(1, retried.json().getInt("requeued"));
      JsonObject delivered = awaitDelivery(location, node, "DELIVERED");
      assertEquals(1, delivered.getInt("attempts"), "re-queued with attempts 0, then one more");
      assertEquals("1", receiver.requests().get(3).header("Delivery-Attempt"));
      assertEquals(
          0,
          api().post(location + "/retry").token(admin).send().json().getInt("requeued"),
          "nothing frozen any more");
    }
  }

  @Test
  void bulkRetryRequeuesTheFrozenDeliveriesMatchingItsFilters() throws Exception {
    try (Receiver receiver = Receiver.answering(500)) {
      String node = node("bulk", receiver, "{\"type\":\"none\"}", null);
      List<String> locations = List.of(post("bulk"), post("bulk"));
      for (String location : locations) awaitDelivery(location, node, "FROZEN");

      Api.Reply page =
          api().get("/api/deliveries?status=FROZEN&node=" + node + "&limit=1").token(admin).send();
      assertEquals(200, page.status(), page::toString);
      assertEquals(1, page.json().getJsonArray("items").size());
      assertFalse(page.json().isNull("next"));
      Api.Reply second =
          api()
              .get(
                  "/api/deliveries?status=FROZEN&node="
                      + node
                      + "&limit=1&after="
                      + page.json().getString("next"))
              .token(admin)
              .send();
      assertEquals(1, second.json().getJsonArray("items").size());
      assertTrue(second.json().isNull("next"));
      assertTrue(
          page.json()
                  .getJsonArray("items")
                  .getJsonObject(0)
                  .getString("createdAt")
                  .compareTo(
                      second.json().getJsonArray("items").getJsonObject(0).getString("createdAt"))
              >= 0,
          "newest first");

      receiver.answer(200);
      assertEquals(
          0,
          api()
              .post("/api/deliveries/retry")
              .token(admin)
              .json("{\"node\":\"" + node + "\",\"eventType\":\"other.type\"}")
              .send()
              .json()
              .getInt("requeued"));
      Api.Reply retried =
          api()
              .post("/api/deliveries/retry")
              .token(admin)
              .json("{\"node\":\"" + node + "\",\"eventType\":\"" + type("bulk") + "\"}")
              .send();
      assertEquals(2, retried.json().getInt("requeued"), retried::toString);
      for (String location : locations) awaitDelivery(location, node, "DELIVERED");
    }
  }

  @Test
  void aRefusedConnectionEndsTheRunWithoutChargingTheRestOfTheBatch() throws Exception {
    Receiver closed = Receiver.answering(200);
    String endpointOfClosedPort = closed.url();
    closed.close();
    String node = "refused-" + run;
    assertEquals(
        201,
        api()
            .put("/api/nodes/" + node)
            .token(admin)
            .json(
                "{\"endpoint\":\""
                    + endpointOfClosedPort
                    + "\",\"paused\":true,\"eventTypes\":[\""
                    + type("refused")
                    + "\"]}")
            .send()
            .status());
    List<String> locations = List.of(post("refused"), post("refused"), post("refused"));
    api().post("/api/nodes/" + node + "/resume").token(admin).send();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> attemptsOf(locations, node).stream().mapToInt(Integer::intValue).sum() >= 1);
    Thread.sleep(300); // a wrong implementation would go on to the rest of the batch now
    List<Integer> attempts = attemptsOf(locations, node);
    assertEquals(
        1,
        attempts.stream().mapToInt(Integer::intValue).sum(),
        () -> "attempts per delivery: " + attempts);
    JsonObject first = delivery(locations.get(attempts.indexOf(1)), node);
    assertTrue(first.getString("lastError").contains("connection refused"), first::toString);
  }

  @Test
  void aNodeThatDoesNotAnswerInTimeFailsTheAttemptAtTheTimeout() throws Exception {
    try (Receiver receiver = Receiver.slow(3000)) {
      String node = node("hang", receiver, "{\"type\":\"none\"}", null);
      String location = post("hang");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> delivery(location, node).getInt("attempts") == 1);
      JsonObject delivery = delivery(location, node);
      assertEquals("PENDING", delivery.getString("status"));
      assertTrue(delivery.getString("lastError").contains("delivery.timeout"), delivery::toString);
      JsonObject attempt =
          api().get(location + "/attempts").token(admin).send().array().getJsonObject(0);
      assertEquals("FAILED", attempt.getString("outcome"));
      assertTrue(attempt.isNull("httpStatus"));
      long ms = attempt.getJsonNumber("durationMs").longValue();
      assertTrue(
          ms >= 900 && ms < 2500, "the call was cut at delivery.timeout (1 s), took " + ms + " ms");
      api().post("/api/nodes/" + node + "/pause").token(admin).send();
    }
  }

  @Test
  void aPausedNodeGetsNothingUntilResumed() throws Exception {
    try (Receiver receiver = Receiver.answering(200)) {
      String node = node("pause", receiver, "{\"type\":\"none\"}", null);
      api().post("/api/nodes/" + node + "/pause").token(Tokens.of("ops", "operator")).send();
      String location = post("pause");
      Thread.sleep(1500);
      assertEquals(0, receiver.received(), "a paused node gets no delivery attempt");
      assertEquals("PENDING", delivery(location, node).getString("status"));
      Instant resumed = Instant.now();
      api().post("/api/nodes/" + node + "/resume").token(Tokens.of("ops", "operator")).send();
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received() == 1);
      assertTrue(
          Duration.between(resumed, receiver.requests().get(0).at())
                  .compareTo(Duration.ofSeconds(2))
              < 0,
          "delivered at once on resume");
    }
  }

  @Test
  void aPauseTakesEffectInTheMiddleOfABatch() throws Exception {
    int messages = 4 * NodeWorker.IN_FLIGHT;
    try (Receiver receiver = Receiver.slow(200)) {
      String node = node("midpause", receiver, "{\"type\":\"none\"}", null);
      api().post("/api/nodes/" + node + "/pause").token(admin).send();
      for (int i = 0; i < messages; i++) post("midpause");
      api().post("/api/nodes/" + node + "/resume").token(admin).send();
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received() >= 1);
      api().post("/api/nodes/" + node + "/pause").token(admin).send();
      int atPause = receiver.received();
      Thread.sleep(1500);
      // the wave under way, and at most one more sent before the worker sees the pause (within 250
      // ms)
      assertTrue(
          receiver.received() <= atPause + 2 * NodeWorker.IN_FLIGHT,
          "calls after the pause: " + (receiver.received() - atPause));
      assertTrue(receiver.received() < messages, "the batch did not run to its end");
      api().post("/api/nodes/" + node + "/resume").token(admin).send();
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received() == messages);
    }
  }

  @Test
  void atMostTwoNodeWorkersRunAtOnceAndBatchesOfFiveTakeTurns() throws Exception {
    List<Receiver> receivers = new ArrayList<>();
    try {
      List<String> nodes = new ArrayList<>();
      for (String name : List.of("w1", "w2", "w3")) {
        Receiver receiver = Receiver.slow(100);
        receivers.add(receiver);
        nodes.add(node(name, receiver, "{\"type\":\"none\"}", null));
        api().post("/api/nodes/" + nodes.get(nodes.size() - 1) + "/pause").token(admin).send();
        for (int i = 0; i < 12; i++) post(name);
      }
      for (String node : nodes) api().post("/api/nodes/" + node + "/resume").token(admin).send();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> receivers.stream().mapToInt(Receiver::received).sum() == 36);

      for (Receiver receiver : receivers) {
        assertTrue(
            receiver.maxInFlight() <= NodeWorker.IN_FLIGHT,
            "one worker per node, with at most "
                + NodeWorker.IN_FLIGHT
                + " calls under way: "
                + receiver.maxInFlight());
      }
      assertTrue(
          receivers.stream().anyMatch(receiver -> receiver.maxInFlight() > 1),
          "a worker has several calls to its node under way at once");
      // at the moment any request starts, how many nodes have a request in flight
      for (Receiver starting : receivers) {
        for (Receiver.Request request : starting.requests()) {
          Instant t = request.at();
          long busy =
              receivers.stream()
                  .filter(
                      rc ->
                          rc.requests().stream()
                              .anyMatch(r -> !r.at().isAfter(t) && r.answeredAt().isAfter(t)))
                  .count();
          assertTrue(
              busy <= 2,
              "at most delivery.startup.workers (2) nodes served at once, saw "
                  + busy
                  + " at "
                  + t);
        }
      }
      // with batches of 5, no node waits until another has drained all 12 of its messages
      Instant lastStart =
          receivers.stream()
              .map(r -> r.requests().get(0).at())
              .max(Instant::compareTo)
              .orElseThrow();
      for (Receiver receiver : receivers) {
        assertTrue(
            lastStart.isBefore(receiver.requests().get(11).at()),
            "every node got a turn before any node finished its backlog");
      }
    } finally {
      receivers.forEach(Receiver::close);
    }
  }

  private void assertSigned(Receiver.Request request, byte[] key) throws Exception {
    String id = request.header("webhook-id");
    String timestamp = request.header("webhook-timestamp");
    assertEquals(request.header("Message-Id"), id);
    assertTrue(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()) < 60);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.body())),
        request.header("webhook-signature"));
  }

  private static void assertBetween(Duration actual, Duration expected) {
    assertTrue(
        actual.compareTo(expected.minusMillis(100)) >= 0
            && actual.compareTo(expected.plus(SLACK)) <= 0,
        "expected about "
            + expected.toMillis()
            + " ms (at most "
            + SLACK.toMillis()
            + " ms late), was "
            + actual.toMillis()
            + " ms");
  }

  private Api api() {
    return new Api(url);
  }

  private String type(String name) {
    return "delivery." + run + "." + name;
  }

  private String node(String name, Receiver receiver, String auth, String secret) {
    String id = name + "-" + run;
    String body =
        "{\"endpoint\":\""
            + receiver.url()
            + "\",\"eventTypes\":[\""
            + type(name)
            + "\"],\"auth\":"
            + auth
            + (secret == null ? "" : ",\"secret\":\"" + secret + "\"")
            + "}";
    Api.Reply reply = api().put("/api/nodes/" + id).token(admin).json(body).send();
    assertEquals(201, reply.status(), reply::toString);
    return id;
  }

  private String post(String name) {
    Api.Reply reply =
        api()
            .post("/api/messages")
            .token(producer)
            .header("Event-Type", type(name))
            .json("{\"at\":\"" + Instant.now() + "\"}")
            .send();
    assertEquals(201, reply.status(), reply::toString);
    return reply.header("Location");
  }

  private JsonObject delivery(String location, String node) {
    return api().get(location).token(admin).send().json().getJsonArray("deliveries").stream()
        .map(d -> d.asJsonObject())
        .filter(d -> d.getString("node").equals(node))
        .findFirst()
        .orElseThrow();
  }

  private JsonObject awaitDelivery(String location, String node, String status) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> delivery(location, node).getString("status").equals(status));
    return delivery(location, node);
  }

  private List<Integer> attemptsOf(List<String> locations, String node) {
    return locations.stream().map(location -> delivery(location, node).getInt("attempts")).toList();
  }
}
