package orchestrator.purge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import orchestrator.testing.PayaraProcess;
import orchestrator.testing.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purge settings that switch a purge off, and a large purge, on Payara Micro processes of their
 * own. Old rows are written straight into the database, as years of traffic would leave them.
 */
class PurgeProcessIT {
  @TempDir Path work;

  @Test
  void withPurgeIntervalZeroNoTimerRunsAndTheLogSaysSo() throws Exception {
    String db = TestEnvironment.createDatabase();
    try (PayaraProcess server =
        PayaraProcess.start(
            work,
            environment(
                db,
                Map.of(
                    "PURGE_INTERVAL",
                    "0",
                    "PURGE_DELIVERED",
                    "1",
                    "PURGE_FROZEN",
                    "1",
                    "PURGE_LOG",
                    "1")))) {
      String log = server.awaitBoot();
      assertTrue(
          log.contains("Purge disabled (purge.interval = 0)"), "the log says the purge is off");
      insertOldMessages(db, 10, "DELIVERED");
      insertOldMessages(db, 10, "FROZEN");
      Thread.sleep(3000);
      assertEquals(20, count(db, "select count(*) from message"), "nothing was purged");
    }
  }

  @Test
  void eachRetentionAtZeroKeepsWhatItCovers() throws Exception {
    String db = TestEnvironment.createDatabase();
    Map<String, String> keepFrozenAndLog =
        Map.of(
            "PURGE_INTERVAL",
            "0.5",
            "PURGE_DELIVERED",
            "60",
            "PURGE_FROZEN",
            "0",
            "PURGE_LOG",
            "0");
    try (PayaraProcess server = PayaraProcess.start(work, environment(db, keepFrozenAndLog))) {
      server.awaitBoot();
      insertOldMessages(db, 10, "DELIVERED");
      insertOldMessages(db, 10, "FROZEN");
      insertOldLog(db, "FROZEN");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> count(db, "select count(*) from delivery where status = 'DELIVERED'") == 0);
      Thread.sleep(1500);
      assertEquals(
          10,
          count(db, "select count(*) from delivery where status = 'FROZEN'"),
          "purge.frozen = 0 keeps frozen messages");
      assertEquals(
          10,
          count(db, "select count(*) from delivery_attempt"),
          "purge.log = 0 keeps the delivery log");
    }
  }

  @Test
  void aLargePurgeFinishesInBoundedChunksAndPurgeDeliveredZeroKeepsDeliveredMessages()
      throws Exception {
    String db = TestEnvironment.createDatabase();
    Map<String, String> settings =
        Map.of(
            "PURGE_INTERVAL", "1", "PURGE_DELIVERED", "0", "PURGE_FROZEN", "60", "PURGE_LOG", "60");
    try (PayaraProcess server = PayaraProcess.start(work, environment(db, settings))) {
      server.awaitBoot();
      insertOldMessages(db, 10, "DELIVERED");
      insertOldMessages(db, 100_000, "FROZEN");
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> count(db, "select count(*) from delivery where status = 'FROZEN'") == 0);
      assertEquals(
          10,
          count(db, "select count(*) from message"),
          "purge.delivered = 0 keeps delivered messages");

      Thread.sleep(1500); // let the last report reach the log
      Matcher reports =
          Pattern.compile(
                  "Purge deleted (\\d+) messages \\((\\d+) deliveries\\) and \\d+ delivery-log records in (\\d+) chunks")
              .matcher(Files.readString(server.log()));
      long messages = 0;
      int chunks = 0;
      while (reports.find()) {
        messages += Long.parseLong(reports.group(1));
        chunks += Integer.parseInt(reports.group(3));
      }
      assertEquals(100_000, messages, "the reports add up to what was deleted");
      assertTrue(
          chunks >= 100_000 / Purge.MESSAGE_CHUNK,
          "at most " + Purge.MESSAGE_CHUNK + " messages per chunk, saw " + chunks + " chunks");
    }
  }

  @Test
  void twoInstancesPurgingAtOnceNeitherFailNorDeleteAnythingTwice() throws Exception {
    String db = TestEnvironment.createDatabase();
    Map<String, String> settings =
        Map.of(
            "PURGE_INTERVAL",
            "0.5",
            "PURGE_DELIVERED",
            "60",
            "PURGE_FROZEN",
            "60",
            "PURGE_LOG",
            "60");
    try (PayaraProcess first = PayaraProcess.start(work, environment(db, settings));
        PayaraProcess second = PayaraProcess.start(work, environment(db, settings))) {
      first.awaitBoot();
      second.awaitBoot();
      insertOldMessages(db, 20_000, "DELIVERED");
      insertOldMessages(db, 20_000, "FROZEN");
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> count(db, "select count(*) from message") == 0);
      Thread.sleep(1500);
      long reported = 0;
      for (PayaraProcess server : new PayaraProcess[] {first, second}) {
        String log = Files.readString(server.log());
        assertTrue(
            !log.contains("Purge failed"), () -> "a purge failed:\n" + PayaraProcess.tail(log));
        Matcher reports = Pattern.compile("Purge deleted (\\d+) messages").matcher(log);
        while (reports.find()) reported += Long.parseLong(reports.group(1));
      }
      assertEquals(40_000, reported, "each message was deleted by exactly one of the two");
    }
  }

  private static Map<String, String> environment(String db, Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(db));
    environment.putAll(settings);
    return environment;
  }

  /** Messages 40 days old, each with one delivery that became DELIVERED or FROZEN then. */
  private static void insertOldMessages(String db, int count, String status) throws Exception {
    String column = status.equals("DELIVERED") ? "delivered_at" : "frozen_at";
    try (Connection connection = TestEnvironment.connect(db);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, created_at)"
              + " select gen_random_uuid(), 'old."
              + status
              + "', 'archive', 'application/json', 2, '{}'::bytea, 'x', now() - interval '40 days'"
              + " from generate_series(1, "
              + count
              + ")");
      statement.execute(
          "insert into delivery (message_id, node_id, status, attempts, "
              + column
              + ", created_at)"
              + " select id, 'old-node', '"
              + status
              + "', 1, now() - interval '40 days', created_at from message where event_type = 'old."
              + status
              + "'");
    }
  }

  private static void insertOldLog(String db, String status) throws Exception {
    try (Connection connection = TestEnvironment.connect(db);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "insert into delivery_attempt (delivery_id, message_id, node_id, attempt, at, outcome, http_status, duration_ms, error)"
              + " select id, message_id, node_id, 1, now() - interval '40 days', 'FAILED', 500, 5, 'HTTP 500' from delivery where status = '"
              + status
              + "'");
    }
  }

  private static long count(String db, String sql) throws Exception {
    return TestEnvironment.count(db, sql);
  }
}
