package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import orchestrator.platform.database.EmbeddedDatabase;
import orchestrator.platform.database.Jdbc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The record of a chunk on the embedded database (H2), which the service runs on when no PostgreSQL
 * is configured (PostgreSQL's statement: OutcomePlansIT).
 */
class EmbeddedQueueTest {
  private static final String ME = "instance-1";
  private static final Instant LEASE_END = Instant.parse("2026-12-02T10:05:00Z");
  private final Jdbc jdbc = EmbeddedDatabase.migrated();
  private final DeliveryQueue queue = new DeliveryQueue();

  @BeforeEach
  void embeddedDatabaseWithFourClaimedDeliveries() {
    EmbeddedQueue embedded = new EmbeddedQueue();
    embedded.jdbc = jdbc;
    queue.jdbc = jdbc;
    queue.embedded = embedded;
    jdbc.update(
        "insert into node (id, name, endpoint, enabled, paused, event_types, auth, created_at, updated_at)"
            + " values ('n', 'n', 'http://127.0.0.1:9/events', true, false, '[]', '{\"type\":\"none\"}', current_timestamp, current_timestamp)");
    for (int i = 0; i < 4; i++) {
      UUID message = UUID.randomUUID();
      jdbc.update(
          "insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, created_at) values (?, 'e', 'p', 'text/plain', 1, ?, 'h', current_timestamp)",
          message,
          new byte[] {(byte) i});
      jdbc.update(
          "insert into delivery (message_id, node_id, status, attempts, next_attempt_at, claimed_by, claimed_until, created_at) values (?, 'n', 'PENDING', 0, ?, ?, ?, current_timestamp)",
          message,
          LEASE_END,
          ME,
          LEASE_END);
    }
  }

  @Test
  void eachOutcomeIsAppliedAndLoggedAndTheUnsentGivenBack() {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    Instant next = now.plus(Duration.ofMinutes(1));
    List<Parcel> claimed =
        jdbc.list(
            "select id, message_id from delivery order by id",
            row ->
                new Parcel(
                    row.getLong(1),
                    row.getObject(2, UUID.class),
                    "n",
                    "e",
                    "text/plain",
                    1,
                    new byte[] {1},
                    now));

    queue.record(
        List.of(
            new Outcome(claimed.get(0), AttemptResult.delivered(200, 5), now, null),
            new Outcome(claimed.get(1), AttemptResult.failed(500, "HTTP 500", 6), now, next),
            new Outcome(claimed.get(2), AttemptResult.failed(500, "HTTP 500", 7), now, null)),
        ME,
        List.of(claimed.get(3)),
        now);

    assertEquals(
        List.of("DELIVERED 1 -", "PENDING 1 HTTP 500", "FROZEN 1 HTTP 500", "PENDING 0 -"),
        jdbc.list(
            "select status, attempts, last_error from delivery where claimed_by is null order by id",
            row ->
                row.getString(1)
                    + " "
                    + row.getInt(2)
                    + " "
                    + (row.getString(3) == null ? "-" : row.getString(3))));
    assertEquals(
        List.of(next, now),
        jdbc.list(
            "select next_attempt_at from delivery where status = 'PENDING' order by id",
            row -> Jdbc.instant(row, "next_attempt_at")));
    assertEquals(
        List.of("DELIVERED 200", "FAILED 500", "FAILED 500"),
        jdbc.list(
            "select outcome, http_status from delivery_attempt order by id",
            row -> row.getString(1) + " " + row.getInt(2)));
  }
}
