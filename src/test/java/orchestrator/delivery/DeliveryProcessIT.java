package orchestrator.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import orchestrator.testing.Api;
import orchestrator.testing.PayaraProcess;
import orchestrator.testing.Receiver;
import orchestrator.testing.TestEnvironment;
import orchestrator.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery across processes: several instances on one database, a crash in the middle of a
 * delivery, and {@code delivery.retry.max = 0}. Each test starts Payara Micro processes of its own
 * on a database of its own.
 */
class DeliveryProcessIT {
  private static final String ADMIN = Tokens.of("process-admin", "admin");
  private static final String PRODUCER = Tokens.of("process-producer", "producer");

  @TempDir Path work;

  @Test
  void twoInstancesOnOneDatabaseAttemptEveryDeliveryExactlyOnce() throws Exception {
    String db = TestEnvironment.createDatabase();
    Map<String, String> environment =
        environment(
            db,
            Map.of(
                "DELIVERY_INTERVAL",
                "0.5",
                "DELIVERY_BATCH",
                "7",
                "DELIVERY_STARTUP_WORKERS",
                "3"));
    List<Receiver> receivers = List.of(Receiver.slow(5), Receiver.slow(5), Receiver.slow(5));
    try (PayaraProcess first = PayaraProcess.start(work, environment);
        PayaraProcess second = PayaraProcess.start(work, environment)) {
      first.awaitBoot();
      second.awaitBoot();
      Api a = api(first);
      Api b = api(second);
      for (int n = 0; n < receivers.size(); n++) {
        String body = "{\"endpoint\":\"" + receivers.get(n).url() + "\",\"paused\":true}";
        assertEquals(201, a.put("/api/nodes/shared-" + n).token(ADMIN).json(body).send().status());
      }
      int messages = 150;
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < messages; i++) {
        Api through = i % 2 == 0 ? a : b;
        ids.add(
            through
                .post("/api/messages")
                .token(PRODUCER)
                .header("Event-Type", "shared.event")
                .json("{\"n\":" + i + "}")
                .send()
                .json()
                .getString("id"));
      }
      // both instances now find the same backlog due and compete for it
      for (int n = 0; n < receivers.size(); n++)
        a.post("/api/nodes/shared-" + n + "/resume").token(ADMIN).send();
      int deliveries = messages * receivers.size();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  count(db, "select count(*) from delivery where status = 'DELIVERED'")
                      == deliveries);

      long repeats = 0;
      for (Receiver receiver : receivers) {
        assertEquals(
            ids,
            receiver.requests().stream()
                .map(r -> r.header("Message-Id"))
                .collect(Collectors.toSet()),
            "every message arrived");
        Map<String, List<Receiver.Request>> byMessage =
            receiver.requests().stream()
                .collect(Collectors.groupingBy(r -> r.header("Message-Id")));
        for (List<Receiver.Request> attempts : byMessage.values()) {
          List<Receiver.Request> inOrder =
              attempts.stream()
                  .sorted(java.util.Comparator.comparing(Receiver.Request::at))
                  .toList();
          for (int i = 1; i < inOrder.size(); i++) {
            assertTrue(
                !inOrder.get(i).at().isBefore(inOrder.get(i - 1).answeredAt()),
                "two attempts of one delivery overlapped");
          }
          repeats += attempts.size() - 1;
        }
      }
      assertEquals(
          0,
          count(
              db,
              "select count(*) from (select delivery_id from delivery_attempt where outcome = 'DELIVERED' group by delivery_id having count(*) > 1) twice"),
          "no delivery was delivered twice by two claimers");
      // a delivery is tried again only when an attempt failed or could not be recorded (a timeout,
      // or no database connection on a starved machine: at-least-once); with none, exactly once
      long failed = count(db, "select count(*) from delivery_attempt where outcome = 'FAILED'");
      boolean troubled = failed > 0;
      for (PayaraProcess server : List.of(first, second)) {
        String log = java.nio.file.Files.readString(server.log());
        troubled |= log.contains("Delivery to node") || log.contains("Delivery round failed");
      }
      if (!troubled)
        assertEquals(0, repeats, "with no failure, every delivery is attempted exactly once");
    } finally {
      receivers.forEach(Receiver::close);
    }
  }

  @Test
  void aCrashInTheMiddleOfADeliveryLosesNothing() throws Exception {
    String db = TestEnvironment.createDatabase();
    Map<String, String> environment =
        environment(db, Map.of("DELIVERY_TIMEOUT", "2", "DELIVERY_BATCH", "2"));
    List<String> ids = new ArrayList<>();
    try (Receiver receiver = Receiver.slow(10_000)) {
      try (PayaraProcess doomed = PayaraProcess.start(work, environment)) {
        doomed.awaitBoot();
        Api api = api(doomed);
        assertEquals(
            201,
            api.put("/api/nodes/crash-node")
                .token(ADMIN)
                .json("{\"endpoint\":\"" + receiver.url() + "\"}")
                .send()
                .status());
        for (int i = 0; i < 4; i++) {
          ids.add(
              api.post("/api/messages")
                  .token(PRODUCER)
                  .header("Event-Type", "crash.event")
                  .json("{\"n\":" + i + "}")
                  .send()
                  .json()
                  .getString("id"));
        }
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> count(db, "select count(*) from delivery where claimed_by is not null") > 0);
        doomed.kill(); // with a delivery in flight and others claimed
      }
      assertEquals(
          4,
          count(db, "select count(*) from delivery where status = 'PENDING'"),
          "nothing was delivered before the crash");

      receiver.delay(0);
      try (PayaraProcess successor = PayaraProcess.start(work, environment)) {
        successor.awaitBoot();
        // the dead instance's claims fall due again when their lease (3 x delivery.timeout) runs
        // out
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> count(db, "select count(*) from delivery where status = 'DELIVERED'") == 4);
      }
      Set<String> received =
          receiver.requests().stream()
              .filter(r -> r.status() == 200)
              .map(r -> r.header("Message-Id"))
              .collect(Collectors.toSet());
      assertEquals(new HashSet<>(ids), received, "every message reached the node");
    }
  }

  @Test
  void withRetryMaxZeroAFailingDeliveryIsNeverFrozen() throws Exception {
    String db = TestEnvironment.createDatabase();
    Map<String, String> environment =
        environment(
            db,
            Map.of(
                "DELIVERY_RETRY_MAX",
                "0",
                "DELIVERY_RETRY_DELAY_FIXED",
                "0.2",
                "DELIVERY_RETRY_DELAY_PROGRESSIVE",
                "0"));
    try (Receiver receiver = Receiver.answering(500);
        PayaraProcess server = PayaraProcess.start(work, environment)) {
      server.awaitBoot();
      Api api = api(server);
      assertEquals(
          201,
          api.put("/api/nodes/never-frozen")
              .token(ADMIN)
              .json("{\"endpoint\":\"" + receiver.url() + "\"}")
              .send()
              .status());
      String location =
          api.post("/api/messages")
              .token(PRODUCER)
              .header("Event-Type", "zero.event")
              .json("{}")
              .send()
              .header("Location");
      // far beyond the default of 10 attempts
      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received() >= 12);
      var delivery =
          api.get(location).token(ADMIN).send().json().getJsonArray("deliveries").getJsonObject(0);
      assertEquals("PENDING", delivery.getString("status"));
      assertTrue(delivery.getInt("attempts") >= 12);
    }
  }

  private static Map<String, String> environment(String db, Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(db));
    environment.putAll(settings);
    return environment;
  }

  private static Api api(PayaraProcess server) throws Exception {
    return new Api(server.uri("/").toURL());
  }

  private static long count(String db, String sql) throws Exception {
    return TestEnvironment.count(db, sql);
  }
}
