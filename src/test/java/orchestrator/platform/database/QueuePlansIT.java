package orchestrator.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.util.List;
import orchestrator.testing.TestEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Statements prepared while a table was small, run after it grew, on the real PostgreSQL and one
 * connection (as a pooled connection lives on): they must still find their rows by index.
 */
class QueuePlansIT {
  private static final int GROWN_TO = 100_000;

  private OneConnection db;
  private String database; // its JDBC URL
  private Connection connection;
  private Transactions transactions;
  private Jdbc jdbc;

  @BeforeEach
  void oneConnection() throws Exception {
    db = OneConnection.toNewDatabase();
    database = db.database;
    connection = db.connection;
    transactions = db.transactions;
    jdbc = db.jdbc;
    // rows about as wide as a delivery's: on a page or two, PostgreSQL settles on a sequential scan
    jdbc.update(
        "create table item (id bigint primary key, done boolean not null, note varchar(300))");
    jdbc.update("insert into item select g, false, repeat('x', 200) from generate_series(1, 20) g");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void idsBoundAsOneArrayAreFoundByPrimaryKeyAfterTheTableGrew() throws Exception {
    String claim = "update item set done = true where id = any(?)";
    List<Long> chunk = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    for (int i = 0; i < 10; i++)
      inQueueTransaction(
          () ->
              jdbc.update(
                  claim, Jdbc.bigints(chunk))); // prepared on the server, planned for 20 rows
    grow();

    long sequentialScans =
        inQueueTransaction(
            () -> {
              long before = sequentialScansOfItem();
              assertEquals(2, jdbc.update(claim, Jdbc.bigints(List.of(GROWN_TO - 1L, 7L))));
              return sequentialScansOfItem() - before;
            });

    assertEquals(0, sequentialScans, "the claim read the grown table by sequential scan");
  }

  @Test
  void aSortTheQueueCannotAvoidIsNotJitCompiled() throws Exception {
    grow();
    // with enable_sort off, this sort is priced at 1e10: far above jit_above_cost
    String plan =
        inQueueTransaction(
            () ->
                String.join(
                    "\n",
                    jdbc.list(
                        "explain (analyze) select id from item order by note",
                        row -> row.getString(1))));
    assertTrue(plan.contains("Sort"), plan);
    assertFalse(plan.contains("JIT"), "compiled before it ran:\n" + plan);
  }

  @Test
  void aStatementPlannedOnceWhileTheTableWasSmallStillReadsByIndexAfterItGrew() throws Exception {
    String claim = "update item set done = true where id = any(?) returning id";
    List<Long> chunk = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    for (int i = 0; i < 10; i++)
      jdbc.listByIndexes(
          claim, row -> row.getLong(1), Jdbc.bigints(chunk)); // one generic plan, made for 20 rows
    grow();

    long before = reportedSequentialScansOfItem();
    assertEquals(
        2,
        jdbc.listByIndexes(claim, row -> row.getLong(1), Jdbc.bigints(List.of(GROWN_TO - 1L, 7L)))
            .size());
    long sequentialScans = reportedSequentialScansOfItem() - before;

    assertEquals(0, sequentialScans, "the statement read the grown table by sequential scan");
  }

  @Test
  void itIsNotForUseInsideATransaction() {
    assertThrows(
        IllegalStateException.class,
        () -> transactions.required(() -> jdbc.listByIndexes("select 1", row -> row.getInt(1))));
  }

  @Test
  void outsideATransactionTheSettingsHoldForTheOneStatementWhichCommitsAtOnce() throws Exception {
    String settings =
        "current_setting('enable_seqscan') || ' ' || current_setting('plan_cache_mode')";
    String before = jdbc.one("select " + settings, row -> row.getString(1)).orElseThrow();

    List<String> during =
        jdbc.listByIndexes(
            "update item set done = true where id = ? returning " + settings,
            row -> row.getString(1),
            7L);

    assertEquals(List.of("off force_generic_plan"), during);
    assertEquals(
        before,
        jdbc.one("select " + settings, row -> row.getString(1)).orElseThrow(),
        "the settings outlived the statement");
    assertEquals(
        1,
        TestEnvironment.count(database, "select count(*) from item where id = 7 and done"),
        "not committed: another connection does not see it");
  }

  @Test
  void aLazyCommitDoesNotWaitForTheDiskForThatStatementOnly() throws Exception {
    String setting = "current_setting('synchronous_commit')";
    String before = jdbc.one("select " + setting, row -> row.getString(1)).orElseThrow();
    assumeTrue("on".equals(before), "a server whose commits wait for the disk, as by default");

    List<String> lazy =
        jdbc.listByIndexes(
            Jdbc.Commit.LAZY,
            "update item set done = true where id = ? returning " + setting,
            row -> row.getString(1),
            9L);
    List<String> durable =
        jdbc.listByIndexes(
            "select " + setting + " from item where id = ?", row -> row.getString(1), 9L);

    assertEquals(List.of("off"), lazy);
    assertEquals(List.of(before), durable);
    assertEquals(
        1,
        TestEnvironment.count(database, "select count(*) from item where id = 9 and done"),
        "not committed: another connection does not see it");
  }

  @Test
  void onAConnectionOutsideAutoCommitTheStatementIsCommittedToo() throws Exception {
    connection.setAutoCommit(false); // as a pool configured so would hand it out

    jdbc.listByIndexes(
        "update item set done = true where id = ? returning id", row -> row.getLong(1), 8L);

    assertEquals(
        1,
        TestEnvironment.count(database, "select count(*) from item where id = 8 and done"),
        "not committed: another connection does not see it");
  }

  private void grow() {
    jdbc.update(
        "insert into item select g, false, repeat('x', 200) from generate_series(21, "
            + GROWN_TO
            + ") g");
  }

  /**
   * Sequential scans of the table counted by this session and not yet reported to the statistics
   * (at least those of the open transaction; PostgreSQL 15 also keeps earlier ones for up to 1 s).
   */
  private long sequentialScansOfItem() {
    return jdbc.one(
            "select seq_scan from pg_stat_xact_user_tables where relname = 'item'",
            row -> row.getLong(1))
        .orElseThrow();
  }

  /**
   * Sequential scans of the table as the statistics show them, after this session has reported
   * everything it counted so far (PostgreSQL 15 otherwise holds its counts back for up to 1 s).
   */
  private long reportedSequentialScansOfItem() {
    jdbc.one(
        "select pg_stat_force_next_flush()", row -> null); // reported once this statement is done
    return jdbc.one(
            "select seq_scan from pg_stat_user_tables where relname = 'item'",
            row -> row.getLong(1))
        .orElseThrow();
  }

  private <T> T inQueueTransaction(Transactions.Work<T> work) throws Exception {
    return transactions.required(
        () -> {
          jdbc.planAsQueue();
          return work.run();
        });
  }
}
