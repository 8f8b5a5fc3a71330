package orchestrator.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import orchestrator.testing.Api;
import orchestrator.testing.PayaraProcess;
import orchestrator.testing.TestEnvironment;
import orchestrator.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under a running server and comes back: readiness follows it, intake
 * answers 503 with Retry-After and stores nothing, the delivery rounds are reported stuck, and
 * everything recovers on its own.
 */
class OutageIT {
  @TempDir Path work;

  @Test
  void whileTheDatabaseIsAwayTheServerIsNotReadyRefusesIntakeWith503AndThenRecovers()
      throws Exception {
    String db = TestEnvironment.createDatabase();
    String name = db.substring(db.lastIndexOf('/') + 1);
    Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(db));
    environment.put("DELIVERY_INTERVAL", "1");
    try (PayaraProcess server = PayaraProcess.start(work, environment)) {
      server.awaitBoot();
      Api api = new Api(server.uri("/").toURL());
      String admin = Tokens.of("outage-admin", "admin");
      assertEquals(
          201,
          api.put("/api/nodes/outage-node")
              .token(admin)
              .json("{\"endpoint\":\"http://127.0.0.1:9/\",\"paused\":true}")
              .send()
              .status());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> server.get("/health/ready").statusCode() == 200);
      assertEquals(200, server.get("/health/live").statusCode());

      admin("alter database " + name + " allow_connections false");
      admin(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> server.get("/health/ready").statusCode() == 503);
        HttpResponse<String> ready = server.get("/health/ready");
        assertTrue(
            ready.body().contains("\"database\"") && ready.body().contains("DOWN"), ready::body);

        Api.Reply refused =
            api.post("/api/messages")
                .token(Tokens.of("outage-producer", "producer"))
                .header("Event-Type", "outage.x")
                .json("{}")
                .send();
        assertEquals(503, refused.status(), refused::toString);
        assertNotNull(refused.header("Retry-After"));
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));

        // no round can complete: after three intervals (at least 10 s) the delivery engine is
        // reported stuck
        await()
            .atMost(Duration.ofSeconds(40))
            .until(() -> server.get("/health/live").statusCode() == 503);
        assertTrue(server.get("/health/live").body().contains("delivery-rounds"));
      } finally {
        admin("alter database " + name + " allow_connections true");
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> server.get("/health/ready").statusCode() == 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> server.get("/health/live").statusCode() == 200);
      Api.Reply accepted =
          api.post("/api/messages")
              .token(Tokens.of("outage-producer", "producer"))
              .header("Event-Type", "outage.x")
              .json("{}")
              .send();
      assertEquals(201, accepted.status(), accepted::toString);
    }
  }

  private static void admin(String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(TestEnvironment.ADMIN_URL, TestEnvironment.DB_USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
