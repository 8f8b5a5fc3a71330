package orchestrator.platform.database;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import orchestrator.testing.TestEnvironment;

/**
 * The product's {@link Jdbc} and {@link Transactions} over one connection to a new database on the
 * real PostgreSQL, kept open from one transaction to the next as a pooled connection lives on: what
 * tests of query plans need, since PostgreSQL keeps a prepared statement's plan per connection.
 */
public final class OneConnection implements AutoCloseable {
  public final String database; // its JDBC URL
  public final Connection connection;
  public final Jdbc jdbc = new Jdbc();
  public final Transactions transactions = new Transactions();
  private final DataSource single;

  private OneConnection(String database, Connection connection) {
    this.database = database;
    this.connection = connection;
    single =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("getConnection"))
                    throw new UnsupportedOperationException(method.getName());
                  return Proxy.newProxyInstance(
                      getClass().getClassLoader(),
                      new Class<?>[] {Connection.class},
                      (p, m, a) ->
                          m.getName().equals("close")
                              ? null
                              : m.invoke(connection, a)); // the "pool" keeps it open
                });
    transactions.dataSource = single;
    jdbc.dataSource = single;
  }

  /** A connection to a new, empty database. */
  public static OneConnection toNewDatabase() throws SQLException {
    String database = TestEnvironment.createDatabase();
    return new OneConnection(database, TestEnvironment.connect(database));
  }

  /** Brings the database to the product's schema. */
  public OneConnection migrated() {
    Migrations.flyway(single, false).migrate();
    return this;
  }

  /** Runs the work in one transaction, as {@code @InTransaction} would. */
  public void inTransaction(Runnable work) throws Exception {
    transactions.required(
        () -> {
          work.run();
          return null;
        });
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
