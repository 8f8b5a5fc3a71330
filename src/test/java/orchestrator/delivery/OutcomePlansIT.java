package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import orchestrator.platform.database.OneConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outcome updates and the release of unsent deliveries on the real PostgreSQL and schema,
 * planned from statistics of a drained queue, where no delivery is PENDING: they must find each
 * delivery by its key, not walk the backlog that built up since.
 */
class OutcomePlansIT {
  private static final int DRAINED = 2_000;
  private static final int BACKLOG = 20_000;
  private static final String ME = "instance-1";

  private OneConnection db;
  private final DeliveryQueue queue = new DeliveryQueue();

  @BeforeEach
  void drainedQueueThenABacklog() throws Exception {
    db = OneConnection.toNewDatabase().migrated();
    queue.jdbc = db.jdbc;
    db.jdbc.update(
        "insert into node (id, name, endpoint, enabled, paused, event_types, auth, created_at, updated_at)"
            + " values ('n', 'n', 'http://127.0.0.1:9/events', true, false, '[]', '{\"type\":\"none\"}', now(), now())");
    messages(DRAINED, "insert into delivery (message_id, node_id, status, attempts, last_attempt_at, delivered_at, created_at) select id, 'n', 'DELIVERED', 1, now(), now(), now() from batch");
    db.jdbc.update("analyze delivery"); // statistics that see no PENDING delivery
    messages(BACKLOG,
        "insert into delivery (message_id, node_id, status, attempts, next_attempt_at, claimed_by, claimed_until, created_at)"
            + " select id, 'n', 'PENDING', 0, now() + interval '1 minute', '" + ME + "', now() + interval '1 minute', now() from batch");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  /**
   * Plans made from those statistics: the one kept for a prepared statement (generic, without the
   * values) and one made for the values at hand (custom), which knows the status is PENDING.
   */
  @ParameterizedTest
  @ValueSource(strings = {"force_generic_plan", "force_custom_plan"})
  void eachOutcomeFindsItsDeliveryByKeyThoughStatisticsSawNoPendingOne(String planCacheMode) throws Exception {
    db.jdbc.update("set plan_cache_mode = " + planCacheMode);
    List<Parcel> chunk =
        db.jdbc.list(
            "select id, message_id from delivery where status = 'PENDING' order by id limit 12",
            row -> new Parcel(row.getLong("id"), row.getObject("message_id", UUID.class), "n", "e", "text/plain", 1, new byte[] {1}, Instant.now()));
    Instant now = Instant.now();
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Parcel parcel = chunk.get(i);
      if (i < 4) outcomes.add(new Outcome(parcel, AttemptResult.delivered(200, 3), now, null));
      else if (i < 7) outcomes.add(new Outcome(parcel, AttemptResult.failed(500, "HTTP 500", 3), now, now.plus(Duration.ofMinutes(1))));
      else outcomes.add(new Outcome(parcel, AttemptResult.failed(500, "HTTP 500", 3), now, null)); // no attempt left: FROZEN
    }

    long before = indexEntriesReadOnDelivery();
    db.inTransaction(() -> queue.record(outcomes, ME, chunk.subList(10, 12), now)); // two given back unsent
    long read = indexEntriesReadOnDelivery() - before;

    assertTrue(read < 200, "recording 10 outcomes and giving 2 back read " + read + " index entries of delivery (the backlog holds " + BACKLOG + ")");
    String ids = chunk.stream().map(p -> String.valueOf(p.deliveryId())).collect(Collectors.joining(","));
    Map<String, Long> statuses =
        db.jdbc.list("select status, count(*) n from delivery where claimed_by is null and id in (" + ids + ") group by status", row -> Map.entry(row.getString("status"), row.getLong("n")))
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertEquals(Map.of("DELIVERED", 4L, "PENDING", 5L, "FROZEN", 3L), statuses);
  }

  /** Adds {@code count} messages, and runs {@code deliveries} with them as {@code batch}. */
  private void messages(int count, String deliveries) {
    db.jdbc.update(
        "with batch as (insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, created_at)"
            + " select gen_random_uuid(), 'e', 'p', 'text/plain', 1, '\\x01'::bytea, 'h', now() from generate_series(1, " + count + ") returning id) "
            + deliveries);
  }

  /** Index entries of delivery read so far, as the statistics show them once this session has reported its counts. */
  private long indexEntriesReadOnDelivery() {
    db.jdbc.one("select pg_stat_force_next_flush()", row -> null);
    return db.jdbc.one("select sum(idx_tup_read) from pg_stat_user_indexes where relname = 'delivery'", row -> row.getLong(1)).orElseThrow();
  }
}
