package orchestrator.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The application's own transactions, on an in-memory database. */
class TransactionsTest {
  private final Transactions transactions = new Transactions();
  private final Jdbc jdbc = new Jdbc();
  private final List<Connection> handedOut = new ArrayList<>();

  @BeforeEach
  void database() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    javax.sql.DataSource counting =
        (javax.sql.DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class},
                (proxy, method, args) -> {
                  Object result = method.invoke(h2, args);
                  if (result instanceof Connection connection) handedOut.add(connection);
                  return result;
                });
    transactions.dataSource = counting;
    jdbc.dataSource = counting;
    jdbc.update("create table item (name varchar(20) primary key)");
  }

  @Test
  void everyStatementOfTheWorkCommitsTogetherOnOneConnection() throws Exception {
    int before = handedOut.size();
    transactions.required(
        () -> {
          jdbc.update("insert into item values ('a')");
          jdbc.update("insert into item values ('b')");
          return null;
        });
    assertEquals(1, handedOut.size() - before, "one connection for the whole transaction");
    assertEquals(2, count());
  }

  @Test
  void planningAfreshLastsUntilTheTransactionEnds() throws Exception {
    transactions.required(
        () -> {
          assertFalse(Transactions.plannedAfresh());
          Transactions.planAfresh();
          assertTrue(Transactions.plannedAfresh());
          return null;
        });
    assertFalse(Transactions.plannedAfresh(), "no transaction open");
    transactions.required(
        () -> {
          assertFalse(Transactions.plannedAfresh(), "a new transaction starts with prepared plans");
          return null;
        });
  }

  @Test
  void anExceptionRollsBackEverything() {
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                transactions.required(
                    () -> {
                      jdbc.update("insert into item values ('a')");
                      throw new IllegalStateException("refused");
                    }));
    assertEquals("refused", thrown.getMessage());
    assertEquals(0, count());
  }

  @Test
  void aFailingStatementRollsBackTheEarlierOnes() {
    assertThrows(
        DataAccessException.class,
        () ->
            transactions.required(
                () -> {
                  jdbc.update("insert into item values ('a')");
                  jdbc.update("insert into item values ('a')"); // duplicate key
                  return null;
                }));
    assertEquals(0, count());
  }

  @Test
  void anInnerTransactionJoinsTheOuterOne() {
    assertThrows(
        IllegalStateException.class,
        () ->
            transactions.required(
                () -> {
                  transactions.required(() -> jdbc.update("insert into item values ('inner')"));
                  throw new IllegalStateException("outer fails");
                }));
    assertEquals(0, count(), "the inner work went with the outer rollback");
  }

  @Test
  void actionsAfterCommitRunOnlyOnceCommitted() throws Exception {
    List<String> seen = new ArrayList<>();
    transactions.required(
        () -> {
          jdbc.update("insert into item values ('a')");
          Transactions.afterCommit(() -> seen.add("after commit saw " + count()));
          seen.add("inside");
          return null;
        });
    assertEquals(List.of("inside", "after commit saw 1"), seen);

    assertThrows(
        IllegalStateException.class,
        () ->
            transactions.required(
                () -> {
                  Transactions.afterCommit(() -> seen.add("never"));
                  throw new IllegalStateException("rolled back");
                }));
    assertEquals(2, seen.size(), "nothing runs after a rollback");

    Transactions.afterCommit(() -> seen.add("no transaction: at once"));
    assertEquals("no transaction: at once", seen.get(2));
  }

  @Test
  void theConnectionIsClosedAndUnboundAfterwards() throws Exception {
    transactions.required(() -> jdbc.update("insert into item values ('a')"));
    Connection used = handedOut.get(handedOut.size() - 1);
    assertTrue(used.isClosed());
    assertEquals(null, Transactions.bound(), "nothing stays bound to the thread");
  }

  private long count() {
    return jdbc.one("select count(*) from item", row -> row.getLong(1)).orElseThrow();
  }
}
