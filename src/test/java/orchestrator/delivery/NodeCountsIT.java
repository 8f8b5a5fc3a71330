package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import orchestrator.platform.database.OneConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pending and frozen counts per node (GET /api/nodes, the metrics) on the real PostgreSQL, with
 * statistics taken while 20,000 deliveries were open, all delivered since: they must read the 7
 * open rows by index, not the whole table.
 */
class NodeCountsIT {
  private static final int DELIVERED = 20_000;

  private OneConnection db;
  private final DeliveryStore store = new DeliveryStore();

  @BeforeEach
  void statisticsThatCallEveryDeliveryOpen() throws Exception {
    db = OneConnection.toNewDatabase().migrated();
    store.jdbc = db.jdbc;
    db.jdbc.update(
        "alter table delivery set (autovacuum_enabled = false)"); // the statistics stay as taken
    messages(DELIVERED, "'PENDING'");
    db.jdbc.update("analyze delivery");
    db.jdbc.update(
        "update delivery set status = 'DELIVERED', delivered_at = now(), next_attempt_at = null");
    // one walk of delivery_open marks its entries of those rows dead, as the scans of a running
    // service do, so that no scan reads them again; no VACUUM or ANALYZE, so the statistics stay
    db.inTransaction(
        () -> {
          db.jdbc.one(
              "select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)",
              row -> null);
          db.jdbc.one("select count(*) from delivery where status <> 'DELIVERED'", row -> null);
        });
    messages(5, "'PENDING'");
    messages(2, "'FROZEN'");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void countsByNodeReadOnlyTheOpenRows() {
    long[] before = reads();
    assertEquals(Map.of("n", new DeliveryStore.Counts(5, 2)), store.countsByNode());
    assertReadOnlyTheOpenRows(before);
  }

  @Test
  void countsOfOneNodeReadOnlyItsOpenRows() {
    long[] before = reads();
    assertEquals(new DeliveryStore.Counts(5, 2), store.countsOf("n"));
    assertEquals(new DeliveryStore.Counts(0, 0), store.countsOf("unknown"));
    assertReadOnlyTheOpenRows(before);
  }

  private void assertReadOnlyTheOpenRows(long[] before) {
    long[] after = reads();
    assertEquals(0, after[0] - before[0], "sequential scans of delivery");
    assertTrue(
        after[1] - before[1] < 100,
        "read "
            + (after[1] - before[1])
            + " index entries of delivery for 7 open deliveries ("
            + DELIVERED
            + " delivered)");
  }

  /**
   * Sequential scans of delivery and index entries of delivery read so far, once this session has
   * reported them.
   */
  private long[] reads() {
    db.jdbc.one("select pg_stat_force_next_flush()", row -> null);
    return db.jdbc
        .one(
            "select t.seq_scan, (select sum(idx_tup_read) from pg_stat_user_indexes where relname = 'delivery') from pg_stat_user_tables t where t.relname = 'delivery'",
            row -> new long[] {row.getLong(1), row.getLong(2)})
        .orElseThrow();
  }

  private void messages(int count, String status) {
    db.jdbc.update(
        "with batch as (insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, created_at)"
            + " select gen_random_uuid(), 'e', 'p', 'text/plain', 1, '\\x01'::bytea, 'h', now() from generate_series(1, "
            + count
            + ") returning id)"
            + " insert into delivery (message_id, node_id, status, attempts, next_attempt_at, created_at) select id, 'n', "
            + status
            + ", 0, now(), now() from batch");
  }
}
