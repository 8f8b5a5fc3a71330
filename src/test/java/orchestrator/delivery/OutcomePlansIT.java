package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import orchestrator.platform.database.Jdbc;
import orchestrator.platform.database.OneConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The record of a chunk (outcome updates, attempt log, release of unsent deliveries) on the real
 * PostgreSQL and schema: what it writes, and that it finds each delivery by its key however the
 * statistics or the plan kept on the connection were made, not walking the backlog built up since.
 */
class OutcomePlansIT {
  private static final int DRAINED = 2_000;
  private static final int BACKLOG = 20_000;
  private static final String ME = "instance-1";
  private static final String CLAIMED_PENDING =
      "insert into delivery (message_id, node_id, status, attempts, next_attempt_at, claimed_by, claimed_until, created_at)"
          + " select id, 'n', 'PENDING', 0, now() + interval '1 minute', '"
          + ME
          + "', now() + interval '1 minute', now() from batch";

  private OneConnection db;
  private final DeliveryQueue queue = new DeliveryQueue();

  /**
   * A drained queue, analyzed (statistics that see no PENDING delivery), then a backlog claimed by
   * {@link #ME}.
   */
  @BeforeEach
  void drainedQueueThenABacklog() throws Exception {
    db = withNode(OneConnection.toNewDatabase().migrated());
    queue.jdbc = db.jdbc;
    messages(
        db,
        DRAINED,
        "insert into delivery (message_id, node_id, status, attempts, last_attempt_at, delivered_at, created_at) select id, 'n', 'DELIVERED', 1, now(), now(), now() from batch");
    db.jdbc.update("analyze delivery");
    messages(db, BACKLOG, CLAIMED_PENDING);
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
  void eachOutcomeFindsItsDeliveryByKeyThoughStatisticsSawNoPendingOne(String planCacheMode)
      throws Exception {
    db.jdbc.update("set plan_cache_mode = " + planCacheMode);
    List<Parcel> chunk = claimed(db, 12);

    long before = indexEntriesReadOnDelivery(db);
    queue.record(
        mixedOutcomes(chunk.subList(0, 10), Instant.now()),
        ME,
        chunk.subList(10, 12),
        Instant.now()); // two given back unsent
    long read = indexEntriesReadOnDelivery(db) - before;

    assertTrue(
        read < 200,
        "recording 10 outcomes and giving 2 back read "
            + read
            + " index entries of delivery (the backlog holds "
            + BACKLOG
            + ")");
    Map<String, Long> statuses =
        db
            .jdbc
            .list(
                "select status, count(*) n from delivery where claimed_by is null and id in ("
                    + ids(chunk)
                    + ") group by status",
                row -> Map.entry(row.getString("status"), row.getLong("n")))
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertEquals(Map.of("DELIVERED", 4L, "PENDING", 5L, "FROZEN", 3L), statuses);
  }

  /**
   * The statement planned on a fresh database, while {@code delivery} held a few rows, and kept on
   * the connection (no ANALYZE since, so nothing makes PostgreSQL plan it again) while a backlog
   * grew: a join of the chunk to the table could then be driven from the table's PENDING rows.
   */
  @Test
  void aRecordPlannedWhileTheTableWasSmallStillFindsItsDeliveriesByKeyAfterABacklogGrew()
      throws Exception {
    try (OneConnection fresh = withNode(OneConnection.toNewDatabase().migrated())) {
      DeliveryQueue freshQueue = new DeliveryQueue();
      freshQueue.jdbc = fresh.jdbc;
      fresh.jdbc.update("alter table delivery set (autovacuum_enabled = false)");
      for (int i = 0;
          i < 10;
          i++) { // past the driver's prepareThreshold: one plan kept on the server
        messages(fresh, 3, CLAIMED_PENDING);
        freshQueue.record(mixedOutcomes(claimed(fresh, 3), Instant.now()), ME, List.of(), null);
      }
      messages(fresh, BACKLOG, CLAIMED_PENDING);
      List<Parcel> chunk = claimed(fresh, 12);

      long before = indexEntriesReadOnDelivery(fresh);
      freshQueue.record(
          mixedOutcomes(chunk.subList(0, 10), Instant.now()),
          ME,
          chunk.subList(10, 12),
          Instant.now());
      long read = indexEntriesReadOnDelivery(fresh) - before;

      assertTrue(
          read < 200,
          "recording 10 outcomes and giving 2 back read "
              + read
              + " index entries of delivery (the backlog holds "
              + BACKLOG
              + ")");
      assertEquals(
          12,
          fresh
              .jdbc
              .one(
                  "select count(*) from delivery where claimed_by is null and id in ("
                      + ids(chunk)
                      + ")",
                  row -> row.getLong(1))
              .orElseThrow());
    }
  }

  /**
   * A record's commit does not wait for the disk (docs/delivery.md, step 4): seen from inside its
   * transaction, by a trigger on the attempt log that notes the setting it commits under.
   */
  @Test
  void aRecordCommitsWithoutWaitingForTheDisk() {
    String setting = "select current_setting('synchronous_commit')";
    String before = db.jdbc.one(setting, row -> row.getString(1)).orElseThrow();
    assumeTrue("on".equals(before), "a server whose commits wait for the disk, as by default");
    db.jdbc.update("create table commit_seen (synchronous_commit text)");
    db.jdbc.update(
        "create function note_commit() returns trigger language plpgsql as $$ begin"
            + " insert into commit_seen values (current_setting('synchronous_commit')); return null; end $$");
    db.jdbc.update(
        "create trigger note_commit after insert on delivery_attempt for each statement execute function note_commit()");

    queue.record(mixedOutcomes(claimed(db, 2), Instant.now()), ME, List.of(), null);

    assertEquals(
        List.of("off"),
        db.jdbc.list("select synchronous_commit from commit_seen", row -> row.getString(1)));
    assertEquals(
        before,
        db.jdbc.one(setting, row -> row.getString(1)).orElseThrow(),
        "the setting outlived the record's transaction");
  }

  /**
   * What one record writes: each outcome where the claim still holds (an earlier error kept on
   * delivery), a log row for every attempt even where the claim was lost, and the unsent given
   * back.
   */
  @Test
  void recordAppliesEachOutcomeLogsEveryAttemptAndGivesBackTheUnsent() {
    List<Parcel> chunk = claimed(db, 6);
    long delivered = chunk.get(0).deliveryId(),
        retried = chunk.get(1).deliveryId(),
        frozen = chunk.get(2).deliveryId();
    long lost = chunk.get(3).deliveryId(),
        unsent = chunk.get(4).deliveryId(),
        untouched = chunk.get(5).deliveryId();
    db.jdbc.update("update delivery set last_error = 'HTTP 503' where id = ?", delivered);
    db.jdbc.update(
        "update delivery set claimed_by = 'instance-2' where id = ?",
        lost); // its lease passed to another instance
    Instant at = Instant.parse("2026-12-02T10:00:00.123456Z");
    Instant next = at.plus(Duration.ofSeconds(90));
    Instant dueAgain = at.plus(Duration.ofSeconds(5));

    queue.record(
        List.of(
            new Outcome(chunk.get(0), AttemptResult.delivered(204, 7), at, null),
            new Outcome(chunk.get(1), AttemptResult.failed(500, "HTTP 500", 8), at, next),
            new Outcome(chunk.get(2), AttemptResult.unreachable("connection refused", 9), at, null),
            new Outcome(chunk.get(3), AttemptResult.delivered(200, 10), at, null)),
        ME,
        List.of(chunk.get(4)),
        dueAgain);

    String columns =
        "status, attempts, last_attempt_at, last_error, delivered_at, frozen_at, next_attempt_at, claimed_by";
    assertEquals(
        List.of("DELIVERED", 3, at, "HTTP 503", at, "-", "-", "-"), row(columns, delivered));
    assertEquals(List.of("PENDING", 3, at, "HTTP 500", "-", "-", next, "-"), row(columns, retried));
    assertEquals(
        List.of("FROZEN", 3, at, "connection refused", "-", at, "-", "-"), row(columns, frozen));
    assertEquals(List.of("PENDING", "instance-2"), row("status, claimed_by", lost));
    assertEquals(List.of("PENDING", 0, "-", "-", "-", "-", dueAgain, "-"), row(columns, unsent));
    assertEquals(List.of(ME), row("claimed_by", untouched));
    List<String> log =
        db.jdbc.list(
            "select delivery_id, message_id, node_id, attempt, at, outcome, http_status, duration_ms, error from delivery_attempt order by id",
            r ->
                r.getLong(1)
                    + " "
                    + r.getObject(2, UUID.class)
                    + " "
                    + r.getString(3)
                    + " "
                    + r.getInt(4)
                    + " "
                    + Jdbc.instant(r, "at")
                    + " "
                    + r.getString(6)
                    + " "
                    + r.getObject(7)
                    + " "
                    + r.getLong(8)
                    + " "
                    + r.getString(9));
    assertEquals(
        List.of(
            delivered + " " + chunk.get(0).messageId() + " n 3 " + at + " DELIVERED 204 7 null",
            retried + " " + chunk.get(1).messageId() + " n 3 " + at + " FAILED 500 8 HTTP 500",
            frozen
                + " "
                + chunk.get(2).messageId()
                + " n 3 "
                + at
                + " FAILED null 9 connection refused",
            lost + " " + chunk.get(3).messageId() + " n 3 " + at + " DELIVERED 200 10 null"),
        log);
  }

  private static OneConnection withNode(OneConnection db) {
    db.jdbc.update(
        "insert into node (id, name, endpoint, enabled, paused, event_types, auth, created_at, updated_at)"
            + " values ('n', 'n', 'http://127.0.0.1:9/events', true, false, '[]', '{\"type\":\"none\"}', now(), now())");
    return db;
  }

  /** Adds {@code count} messages, and runs {@code deliveries} with them as {@code batch}. */
  private static void messages(OneConnection db, int count, String deliveries) {
    db.jdbc.update(
        "with batch as (insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, created_at)"
            + " select gen_random_uuid(), 'e', 'p', 'text/plain', 1, '\\x01'::bytea, 'h', now() from generate_series(1, "
            + count
            + ") returning id) "
            + deliveries);
  }

  /**
   * The oldest {@code count} deliveries still claimed by {@link #ME}, as a claim hands them out
   * (attempt 3).
   */
  private static List<Parcel> claimed(OneConnection db, int count) {
    return db.jdbc.list(
        "select id, message_id from delivery where claimed_by = ? order by id limit ?",
        row ->
            new Parcel(
                row.getLong("id"),
                row.getObject("message_id", UUID.class),
                "n",
                "e",
                "text/plain",
                3,
                new byte[] {1},
                Instant.now()),
        ME,
        count);
  }

  /** Of every 10: 4 delivered, 3 failed with a retry to come, 3 failed with none left (FROZEN). */
  private static List<Outcome> mixedOutcomes(List<Parcel> parcels, Instant now) {
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < parcels.size(); i++) {
      Parcel parcel = parcels.get(i);
      if (i % 10 < 4) outcomes.add(new Outcome(parcel, AttemptResult.delivered(200, 3), now, null));
      else if (i % 10 < 7)
        outcomes.add(
            new Outcome(
                parcel,
                AttemptResult.failed(500, "HTTP 500", 3),
                now,
                now.plus(Duration.ofMinutes(1))));
      else outcomes.add(new Outcome(parcel, AttemptResult.failed(500, "HTTP 500", 3), now, null));
    }
    return outcomes;
  }

  private static String ids(List<Parcel> parcels) {
    return parcels.stream()
        .map(p -> String.valueOf(p.deliveryId()))
        .collect(Collectors.joining(","));
  }

  /** The columns of one delivery, "-" for null, times as instants. */
  private List<Object> row(String columns, long id) {
    return db.jdbc
        .one(
            "select " + columns + " from delivery where id = ?",
            r -> {
              List<Object> values = new ArrayList<>();
              for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                Object value = r.getObject(i);
                values.add(
                    value == null
                        ? "-"
                        : value instanceof Timestamp time ? time.toInstant() : value);
              }
              return values;
            },
            id)
        .orElseThrow();
  }

  /**
   * Index entries of delivery read so far, as the statistics show them once this session has
   * reported its counts.
   */
  private static long indexEntriesReadOnDelivery(OneConnection db) {
    db.jdbc.one("select pg_stat_force_next_flush()", row -> null);
    return db.jdbc
        .one(
            "select sum(idx_tup_read) from pg_stat_user_indexes where relname = 'delivery'",
            row -> row.getLong(1))
        .orElseThrow();
  }
}
