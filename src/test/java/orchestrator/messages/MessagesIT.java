package orchestrator.messages;

import static orchestrator.testing.Problems.assertFieldError;
import static orchestrator.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import orchestrator.testing.Api;
import orchestrator.testing.Deployments;
import orchestrator.testing.TestEnvironment;
import orchestrator.testing.Tokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Intake (§6): validation, limits, routing, idempotency, storage. */
@ExtendWith(ArquillianExtension.class)
class MessagesIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final String admin = Tokens.of("msg-admin", "admin");

  @Test
  void anAcceptedMessageIsStoredWithAPendingDeliveryPerRoutedNode() {
    Api api = new Api(url);
    node(api, "a", "msg." + run + ".*");
    node(api, "b", "msg." + run + ".load");
    Api.Reply reply = submit(api, "client-" + run, "msg." + run + ".load", "{\"load\":1}", null);
    assertEquals(201, reply.status(), reply::toString);
    JsonObject message = reply.json();
    assertEquals("/api/messages/" + message.getString("id"), reply.header("Location"));
    assertEquals("msg." + run + ".load", message.getString("eventType"));
    assertEquals("client-" + run, message.getString("producer"));
    assertEquals("application/json", message.getString("contentType"));
    assertEquals(10, message.getInt("size"));
    Instant created = Instant.parse(message.getString("createdAt"));
    assertTrue(Math.abs(created.toEpochMilli() - System.currentTimeMillis()) < 60_000);
    // a time-ordered id (docs/data-model.md): version 7, carrying the millisecond of acceptance
    UUID id = UUID.fromString(message.getString("id"));
    assertEquals(7, id.version(), id::toString);
    assertEquals(created.toEpochMilli(), id.getMostSignificantBits() >>> 16, id::toString);
    List<String> nodes =
        message.getJsonArray("deliveries").stream()
            .map(d -> d.asJsonObject().getString("node"))
            .toList();
    assertTrue(nodes.contains(id("a")) && nodes.contains(id("b")), nodes::toString);
    for (JsonValue value : message.getJsonArray("deliveries")) {
      JsonObject delivery = value.asJsonObject();
      assertEquals("PENDING", delivery.getString("status"));
      assertEquals(0, delivery.getInt("attempts"));
      assertTrue(delivery.containsKey("nextAttemptAt") && !delivery.isNull("nextAttemptAt"));
      for (String empty : List.of("lastAttemptAt", "lastError", "deliveredAt", "frozenAt"))
        assertTrue(delivery.isNull(empty), empty);
    }
    Api.Reply read = api.get(reply.header("Location")).token(admin).send();
    assertEquals(200, read.status());
    assertEquals(message, read.json());
  }

  @Test
  void routingFollowsPatternsSkipsDisabledNodesAndNeverEchoesToTheSender() {
    Api api = new Api(url);
    String type = "route." + run + ".event.v1";
    node(api, "exact", type);
    node(api, "prefix", "route." + run + ".*");
    node(api, "other", "something.else.*");
    api.put("/api/nodes/" + id("off"))
        .token(admin)
        .json("{\"endpoint\":\"http://127.0.0.1:9/x\",\"enabled\":false,\"eventTypes\":[\"*\"]}")
        .send();
    node(api, "sender", "route." + run + ".*");
    api.post("/api/nodes/" + id("prefix") + "/pause").token(admin).send();

    JsonObject message = submit(api, id("sender"), type, "{}", null).json();
    List<String> nodes =
        message.getJsonArray("deliveries").stream()
            .map(d -> d.asJsonObject().getString("node"))
            .toList();
    assertTrue(nodes.contains(id("exact")), "exact pattern");
    assertTrue(nodes.contains(id("prefix")), "a paused node still receives routed messages");
    assertTrue(!nodes.contains(id("other")), "a pattern that does not match");
    assertTrue(!nodes.contains(id("off")), "a disabled node");
    assertTrue(!nodes.contains(id("sender")), "no echo to the sender");
  }

  @Test
  void eventDestinationsOverrideRoutingAndMustNameEnabledNodes() {
    Api api = new Api(url);
    node(api, "d1", "nothing.matches.this");
    node(api, "d2", "nothing.matches.this");
    api.put("/api/nodes/" + id("d3"))
        .token(admin)
        .json("{\"endpoint\":\"http://127.0.0.1:9/x\",\"enabled\":false}")
        .send();

    Api.Reply explicit =
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "dest.test")
            .header("Event-Destinations", id("d1") + ", " + id("d2") + "," + id("d1"))
            .json("{}")
            .send();
    assertEquals(201, explicit.status(), explicit::toString);
    List<String> nodes =
        explicit.json().getJsonArray("deliveries").stream()
            .map(d -> d.asJsonObject().getString("node"))
            .sorted()
            .toList();
    assertEquals(List.of(id("d1"), id("d2")), nodes);

    long before = count("message");
    assertFieldError(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "dest.test")
            .header("Event-Destinations", id("d1") + ",no-such-node-" + run)
            .json("{}")
            .send(),
        422,
        "Event-Destinations");
    assertFieldError(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "dest.test")
            .header("Event-Destinations", id("d3"))
            .json("{}")
            .send(),
        422,
        "Event-Destinations");
    assertFieldError(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "dest.test")
            .header("Event-Destinations", " , ")
            .json("{}")
            .send(),
        400,
        "Event-Destinations");
    assertEquals(before, count("message"), "a refused message stores nothing");
  }

  @Test
  void aMessageNoNodeTakesIsRefusedWith422AndNothingIsStored() {
    Api api = new Api(url);
    long messages = count("message");
    long deliveries = count("delivery");
    // the integration tests keep no enabled catch-all node, so only the sender itself would match
    // this type, and the no-echo rule removes it
    node(api, "lonely", "zz.unrouted.*");
    Api.Reply reply = submit(api, id("lonely"), "zz.unrouted." + run, "{}", null);
    assertProblem(reply, 422);
    assertEquals(messages, count("message"));
    assertEquals(deliveries, count("delivery"));
  }

  @Test
  void headersAndBodyAreValidatedWith400NamingTheField() {
    Api api = new Api(url);
    node(api, "v", "valid.*");
    assertFieldError(
        api.post("/api/messages").token(producer()).json("{}").send(), 400, "Event-Type");
    assertFieldError(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "has space")
            .json("{}")
            .send(),
        400,
        "Event-Type");
    assertFieldError(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "x".repeat(201))
            .json("{}")
            .send(),
        400,
        "Event-Type");
    assertEquals(
        201,
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "valid." + "x".repeat(194))
            .json("{}")
            .send()
            .status());
    assertFieldError(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "valid.x")
            .header("Idempotency-Key", "k".repeat(201))
            .json("{}")
            .send(),
        400,
        "Idempotency-Key");
    assertFieldError(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "valid.x")
            .header("Content-Type", "application/json")
            .send(),
        400,
        "body");
    assertFieldError(
        api.post("/api/messages")
            .token(Tokens.of("p".repeat(256), "producer"))
            .header("Event-Type", "valid.x")
            .json("{}")
            .send(),
        400,
        "Authorization");
  }

  @Test
  void bodiesAboveTheLimitAreRefusedWith413WhetherDeclaredOrStreamed() {
    Api api = new Api(url);
    node(api, "big", "size.*");
    // the YAML file says 1000, the system property 4096: the system property wins
    assertEquals(
        201,
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "size.ok")
            .body(new byte[4096])
            .send()
            .status());
    long before = count("message");
    assertProblem(
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "size.big")
            .body(new byte[4097])
            .send(),
        413);
    // chunked, so the size is only known by reading
    Api.Reply streamed =
        api.post("/api/messages").token(producer()).header("Event-Type", "size.big").stream(
                () -> new java.io.ByteArrayInputStream(new byte[8192]))
            .send();
    assertProblem(streamed, 413);
    assertEquals(before, count("message"));
  }

  @Test
  void bodiesAreStoredAndServedByteForByteWithTheirContentType() {
    Api api = new Api(url);
    node(api, "bytes", "bytes.*");
    byte[] body = new byte[256];
    for (int i = 0; i < body.length; i++) body[i] = (byte) i;
    Api.Reply binary =
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "bytes.bin")
            .header("Content-Type", "application/x-custom; v=1")
            .body(body)
            .send();
    assertEquals(201, binary.status(), binary::toString);
    Api.Reply payload = api.get(binary.header("Location") + "/payload").token(producer()).send();
    assertEquals(200, payload.status());
    assertArrayEquals(body, payload.bytes());
    assertEquals("application/x-custom; v=1", payload.header("Content-Type"));

    Api.Reply untyped =
        api.post("/api/messages")
            .token(producer())
            .header("Event-Type", "bytes.raw")
            .body("plain".getBytes(StandardCharsets.UTF_8))
            .send();
    assertEquals(201, untyped.status(), untyped::toString);
    assertEquals("application/octet-stream", untyped.json().getString("contentType"));
    assertTrue(
        api.get(untyped.header("Location") + "/payload")
            .token(admin)
            .send()
            .header("Content-Type")
            .startsWith("application/octet-stream"));
  }

  @Test
  void aProducerReadsOnlyItsOwnMessages() {
    Api api = new Api(url);
    node(api, "own", "own.*");
    String location =
        api.post("/api/messages")
            .token(Tokens.of("owner-" + run, "producer"))
            .header("Event-Type", "own.x")
            .json("{}")
            .send()
            .header("Location");
    assertEquals(
        200, api.get(location).token(Tokens.of("owner-" + run, "producer")).send().status());
    assertProblem(api.get(location).token(Tokens.of("stranger-" + run, "producer")).send(), 404);
    assertProblem(
        api.get(location + "/payload").token(Tokens.of("stranger-" + run, "producer")).send(), 404);
    assertEquals(200, api.get(location).token(Tokens.of("ops", "operator")).send().status());
  }

  @Test
  void aRepeatWithTheSameKeyAndBodyReturnsTheOriginalAndADifferentBodyConflicts() {
    Api api = new Api(url);
    node(api, "idem", "idem.*");
    String producer = Tokens.of("p-idem-" + run, "producer");
    Api.Reply first =
        api.post("/api/messages")
            .token(producer)
            .header("Event-Type", "idem.x")
            .header("Idempotency-Key", "key-1")
            .json("{\"n\":1}")
            .send();
    assertEquals(201, first.status(), first::toString);
    long messages = count("message");
    Api.Reply repeat =
        api.post("/api/messages")
            .token(producer)
            .header("Event-Type", "idem.x")
            .header("Idempotency-Key", "key-1")
            .json("{\"n\":1}")
            .send();
    assertEquals(200, repeat.status(), repeat::toString);
    assertEquals(first.json().getString("id"), repeat.json().getString("id"));
    assertNull(repeat.header("Location"));
    assertProblem(
        api.post("/api/messages")
            .token(producer)
            .header("Event-Type", "idem.x")
            .header("Idempotency-Key", "key-1")
            .json("{\"n\":2}")
            .send(),
        409);
    assertEquals(messages, count("message"), "neither the repeat nor the conflict stored anything");
    // keys belong to their producer
    Api.Reply otherProducer =
        api.post("/api/messages")
            .token(Tokens.of("p-idem-other-" + run, "producer"))
            .header("Event-Type", "idem.x")
            .header("Idempotency-Key", "key-1")
            .json("{\"n\":2}")
            .send();
    assertEquals(201, otherProducer.status(), otherProducer::toString);
  }

  @Test
  void concurrentRepeatsOfOneKeyCreateOneMessage() throws Exception {
    Api api = new Api(url);
    node(api, "race", "race.*");
    String producer = Tokens.of("p-race-" + run, "producer");
    List<Api.Reply> replies =
        Arrays.stream(new int[8])
            .parallel()
            .mapToObj(
                i ->
                    api.post("/api/messages")
                        .token(producer)
                        .header("Event-Type", "race.x")
                        .header("Idempotency-Key", "same")
                        .json("{}")
                        .send())
            .toList();
    assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), replies::toString);
    assertEquals(
        replies.size() - 1,
        replies.stream().filter(r -> r.status() == 200).count(),
        replies::toString);
    assertEquals(1, replies.stream().map(r -> r.json().getString("id")).distinct().count());
  }

  @Test
  void concurrentMessagesAreEachStoredWithTheirDeliveriesAndARefusedOneStoresNothing()
      throws Exception {
    Api api = new Api(url);
    node(api, "crowd-a", "crowd." + run);
    node(api, "crowd-b", "crowd." + run);
    String producer = producer();
    long messagesBefore = count("message");
    long deliveriesBefore = count("delivery");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<Api.Reply>> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int n = i;
        sent.add(
            pool.submit(
                () -> {
                  Api.Call call =
                      api.post("/api/messages")
                          .token(producer)
                          .header("Event-Type", "crowd." + run)
                          .json("{\"n\":" + n + "}");
                  if (n % 5 == 0)
                    call.header("Event-Destinations", "no-such-node-" + run); // refused: 422
                  return call.send();
                }));
      }
      int accepted = 0;
      for (int i = 0; i < sent.size(); i++) {
        Api.Reply reply = sent.get(i).get();
        if (i % 5 == 0) {
          assertFieldError(reply, 422, "Event-Destinations");
          continue;
        }
        assertEquals(201, reply.status(), reply::toString);
        accepted++;
        JsonObject stored = api.get(reply.header("Location")).token(admin).send().json();
        assertEquals(
            "{\"n\":" + i + "}",
            api.get(reply.header("Location") + "/payload").token(admin).send().text());
        assertEquals(
            List.of(id("crowd-a"), id("crowd-b")),
            stored.getJsonArray("deliveries").stream()
                .map(d -> d.asJsonObject().getString("node"))
                .toList());
      }
      assertEquals(48, accepted);
      assertEquals(messagesBefore + 48, count("message"), "the refused ones stored nothing");
      assertEquals(deliveriesBefore + 96, count("delivery"));
    } finally {
      pool.shutdownNow();
    }
  }

  private String producer() {
    return Tokens.of("client-" + run, "producer");
  }

  private Api.Reply submit(
      Api api, String producer, String eventType, String json, String destinations) {
    Api.Call call =
        api.post("/api/messages")
            .token(Tokens.of(producer, "producer"))
            .header("Event-Type", eventType)
            .json(json);
    if (destinations != null) call.header("Event-Destinations", destinations);
    return call.send();
  }

  private String id(String name) {
    return name + "-" + run;
  }

  /**
   * A paused node: these tests look at intake, and no delivery attempt should change what they
   * read.
   */
  private void node(Api api, String name, String pattern) {
    Api.Reply reply =
        api.put("/api/nodes/" + id(name))
            .token(admin)
            .json(
                "{\"endpoint\":\"http://127.0.0.1:9/"
                    + name
                    + "\",\"paused\":true,\"eventTypes\":[\""
                    + pattern
                    + "\"]}")
            .send();
    assertTrue(reply.status() == 201 || reply.status() == 200, reply::toString);
  }

  private static long count(String table) {
    try (Connection connection = TestEnvironment.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select count(*) from " + table)) {
      result.next();
      return result.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
