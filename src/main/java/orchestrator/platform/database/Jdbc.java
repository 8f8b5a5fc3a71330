package orchestrator.platform.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain SQL against the application's data source. Inside an {@link InTransaction} method every
 * call runs on that transaction's connection, so they commit together; outside one, each call
 * commits on its own.
 */
@ApplicationScoped
public class Jdbc {

  @Inject DataSource dataSource;

  @FunctionalInterface
  public interface Rows<T> {
    T map(ResultSet row) throws SQLException;
  }

  public <T> List<T> list(String sql, Rows<T> rows, Object... parameters) {
    return withConnection(
        connection -> {
          if (parameters.length == 0 && Transactions.plannedAfresh()) {
            try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
              return all(result, rows);
            }
          }
          try (PreparedStatement statement = prepare(connection, sql, parameters);
              ResultSet result = statement.executeQuery()) {
            return all(result, rows);
          }
        });
  }

  private static <T> List<T> all(ResultSet result, Rows<T> rows) throws SQLException {
    List<T> all = new ArrayList<>();
    while (result.next()) all.add(rows.map(result));
    return all;
  }

  public <T> Optional<T> one(String sql, Rows<T> rows, Object... parameters) {
    List<T> all = list(sql, rows, parameters);
    return all.isEmpty() ? Optional.empty() : Optional.ofNullable(all.get(0));
  }

  public int update(String sql, Object... parameters) {
    return withConnection(
        connection -> {
          if (parameters.length == 0 && Transactions.plannedAfresh()) {
            try (Statement statement = connection.createStatement()) {
              return statement.executeUpdate(sql);
            }
          }
          try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
          }
        });
  }

  /** One statement, many parameter rows, sent to the database as one batch. */
  public void batch(String sql, List<Object[]> rows) {
    if (rows.isEmpty()) return;
    withConnection(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
              bind(statement, row);
              statement.addBatch();
            }
            return statement.executeBatch();
          }
        });
  }

  /**
   * For the rest of the open transaction, on PostgreSQL, plans statements as a queue table needs:
   *
   * <ul>
   *   <li>with an index in the wanted order rather than a sort ({@code enable_sort} off): while
   *       statistics predate a backlog, a pending-row estimate of 1 makes an index plus a sort look
   *       as cheap as the ordered index, and that reads every pending row of a node;
   *   <li>afresh at every execution ({@code plan_cache_mode = force_custom_plan}): the driver
   *       prepares a statement on the server after a few executions, and PostgreSQL then keeps a
   *       generic plan made for the table as it was; one made while the table was small scans the
   *       whole table however large it grew ({@code id = any(?)} as a sequential scan).
   *   <li>without JIT compilation ({@code jit} off): a sort that cannot be avoided is still priced
   *       as disabled, and at such a cost PostgreSQL compiles the query first, which took 0.9 s.
   * </ul>
   *
   * Statements without parameters, whose one plan PostgreSQL keeps whatever {@code plan_cache_mode}
   * says, run in such a transaction as plain statements, which it plans at every execution. See
   * docs/delivery.md, "Plans made for a small table".
   */
  public void planAsQueue() {
    if (Transactions.bound() == null)
      throw new IllegalStateException("planAsQueue needs an open transaction (@InTransaction)");
    if (!isPostgres()) return;
    list(
        "select set_config('enable_sort', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)",
        row -> null);
    Transactions.planAfresh();
  }

  /**
   * Plans that can only read by index: no sequential or bitmap scans, no hash or merge joins, no
   * sorts, no JIT compilation; and one generic plan per connection and statement ({@code
   * plan_cache_mode = force_generic_plan}), kept however the table grows.
   */
  private static final String INDEX_SETTINGS =
      "select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_hashjoin', 'off', true),"
          + " set_config('enable_mergejoin', 'off', true), set_config('enable_sort', 'off', true), set_config('jit', 'off', true),"
          + " set_config('plan_cache_mode', 'force_generic_plan', true)";

  private static final String LAZY_COMMIT = ", set_config('synchronous_commit', 'off', true)";

  /**
   * A statement planned once per connection, with only index scans and nested loops (see {@link
   * #INDEX_SETTINGS}), for a statement run very often whose plan cannot depend on the table's size:
   * its loops are driven by a side the planner knows to be a handful of rows (a key, a {@code
   * limit}, the node table) and reach every other table by a key or in an index's order (the claim,
   * the round query). Planning is not free: for the claim it cost more than running it. On
   * PostgreSQL, the settings and the statement go out together in one round trip, and PostgreSQL
   * runs the two as one transaction committed when both are done: the settings hold for this
   * statement only, and no separate commit follows. The statement is a transaction of its own, so
   * not for use inside one.
   */
  public <T> List<T> listByIndexes(String sql, Rows<T> rows, Object... parameters) {
    return listByIndexes(Commit.DURABLE, sql, rows, parameters);
  }

  /** Whether the commit of a statement run by {@link #listByIndexes} waits for the disk. */
  public enum Commit {
    /** It returns once the write-ahead log holding the commit is on disk: the default. */
    DURABLE,
    /**
     * It returns without waiting for the disk ({@code synchronous_commit} off for this transaction
     * only): PostgreSQL writes the log to disk within three times {@code wal_writer_delay} (600 ms
     * by default), and any durable commit after it (another statement's) flushes it too, as the log
     * is written in order. A crash of the database may lose such commits of the last fraction of a
     * second, never one made before a durable commit returned. Only for what may be done again when
     * lost: not for a claim, which must hold before anything is sent on its strength.
     */
    LAZY
  }

  /** {@link #listByIndexes(String, Rows, Object...)}, its commit {@code commit}. */
  public <T> List<T> listByIndexes(Commit commit, String sql, Rows<T> rows, Object... parameters) {
    if (Transactions.bound() != null)
      throw new IllegalStateException(
          "listByIndexes runs its statement as a transaction of its own, not in an open one");
    if (!isPostgres()) return list(sql, rows, parameters);
    return withConnection(
        connection -> {
          try (PreparedStatement statement =
              prepare(
                  connection,
                  (commit == Commit.LAZY ? INDEX_SETTINGS + LAZY_COMMIT : INDEX_SETTINGS)
                      + ";\n"
                      + sql,
                  parameters)) {
            statement.execute(); // first the settings' row
            if (!statement.getMoreResults())
              throw new SQLException("no rows came back from: " + sql);
            List<T> all;
            try (ResultSet result = statement.getResultSet()) {
              all = all(result, rows);
            }
            // from a pool that hands out connections outside auto-commit, the statement still ends
            // here
            if (!connection.getAutoCommit()) connection.commit();
            return all;
          }
        });
  }

  private volatile Boolean postgres;

  /**
   * Whether the data source is PostgreSQL (else the embedded H2), for the few statements written
   * for each.
   */
  public boolean isPostgres() {
    Boolean known = postgres;
    if (known == null) {
      known =
          withConnection(
              connection ->
                  connection
                      .getMetaData()
                      .getDatabaseProductName()
                      .toLowerCase(java.util.Locale.ROOT)
                      .contains("postgres"));
      postgres = known;
    }
    return known;
  }

  @FunctionalInterface
  private interface Statements<T> {
    T on(Connection connection) throws SQLException;
  }

  /** On the open transaction's connection, or else on a connection of its own (auto-commit). */
  private <T> T withConnection(Statements<T> work) {
    try {
      Connection bound = Transactions.bound();
      if (bound != null) return work.on(bound);
      try (Connection connection = dataSource.getConnection()) {
        return work.on(connection);
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  /**
   * A list of ids as one {@code bigint[]} parameter, for {@code id = any(?)}: the statement's text
   * stays the same whatever the ids, so the driver can prepare it once on the server instead of the
   * database parsing and planning a new {@code in (…)} list every time.
   */
  public static Object bigints(Collection<Long> ids) {
    return array("bigint", ids.toArray(Long[]::new));
  }

  /**
   * Values as one SQL array parameter of {@code elementType} (a type name the database knows, as in
   * {@code ?::elementType[]}), for statements that take a whole batch of rows at once through
   * {@code unnest}. Elements are given as the driver takes them: numbers, strings, {@code byte[]}
   * for {@code bytea}, and for any other type a string in its literal form (a time as {@link
   * Instant#toString()}, a UUID as {@link java.util.UUID#toString()}).
   */
  public static Object array(String elementType, Object[] values) {
    return new SqlArray(elementType, values);
  }

  private record SqlArray(String elementType, Object[] values) {}

  /**
   * A uuid column. Both drivers return java.util.UUID from the untyped getObject; the typed one
   * goes, on Payara's pool, through its wrapper's reflective method look-up on every call.
   */
  public static UUID uuid(ResultSet row, String column) throws SQLException {
    return (UUID) row.getObject(column);
  }

  public static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      bind(statement, parameters);
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object value = parameters[i];
      if (value instanceof Instant instant) {
        statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
      } else if (value instanceof Timestamp timestamp) {
        statement.setObject(i + 1, timestamp.toInstant().atOffset(ZoneOffset.UTC));
      } else if (value instanceof SqlArray array) {
        statement.setArray(
            i + 1, statement.getConnection().createArrayOf(array.elementType(), array.values()));
      } else if (value instanceof byte[] bytes) {
        statement.setBytes(i + 1, bytes);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }
}
