package orchestrator.platform.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Database transactions of the application's own: the outermost {@link InTransaction} method takes
 * one connection from the pool, binds it to its thread for every {@link Jdbc} call beneath it, and
 * commits once at the end (or rolls back on any exception).
 *
 * <p>Why not JTA: Payara enlists a pooled connection in the transaction recorded on the thread's
 * component invocation, and on threads whose context was captured from an EJB (the timers, and
 * everything they hand to the managed executors) that record is empty although a transaction is
 * active. There every statement committed on its own, so a claim's lock was gone before its update.
 * A local transaction on one connection behaves the same on every server and thread.
 */
@ApplicationScoped
public class Transactions {
  private static final Logger LOG = Logger.getLogger(Transactions.class.getName());
  private static final ThreadLocal<Unit> CURRENT = new ThreadLocal<>();

  /**
   * The connection of the open transaction, what waits for its commit, and whether its statements
   * are to be planned at every execution ({@link Jdbc#planAsQueue}).
   */
  private record Unit(
      Connection connection, List<Runnable> afterCommit, AtomicBoolean plannedAfresh) {}

  @FunctionalInterface
  interface Work<T> {
    T run() throws Exception;
  }

  @Inject DataSource dataSource;

  /** Runs the work in the open transaction, or in a new one committed when the work returns. */
  <T> T required(Work<T> work) throws Exception {
    if (CURRENT.get() != null) return work.run();
    Unit unit = new Unit(begin(), new ArrayList<>(), new AtomicBoolean());
    CURRENT.set(unit);
    T result;
    try {
      result = work.run();
      commit(unit.connection());
    } catch (Throwable failure) {
      rollback(unit.connection(), failure);
      throw failure;
    } finally {
      CURRENT.remove();
      release(unit.connection());
    }
    for (Runnable action : unit.afterCommit()) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "An action after commit failed; the data is committed", e);
      }
    }
    return result;
  }

  /** The connection of the transaction open on this thread, or null. */
  static Connection bound() {
    Unit unit = CURRENT.get();
    return unit == null ? null : unit.connection();
  }

  /** From now until the open transaction ends, its statements are planned at every execution. */
  static void planAfresh() {
    Unit unit = CURRENT.get();
    if (unit != null) unit.plannedAfresh().set(true);
  }

  static boolean plannedAfresh() {
    Unit unit = CURRENT.get();
    return unit != null && unit.plannedAfresh().get();
  }

  /**
   * Runs the action once the transaction open on this thread has committed (never if it rolls
   * back); now when none is open.
   */
  public static void afterCommit(Runnable action) {
    Unit unit = CURRENT.get();
    if (unit == null) {
      action.run();
    } else {
      unit.afterCommit().add(action);
    }
  }

  private Connection begin() {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException e) {
      if (connection != null) release(connection);
      throw new DataAccessException(e);
    }
  }

  private static void commit(Connection connection) {
    try {
      connection.commit();
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  private static void rollback(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Back to the pool as it came: in auto-commit mode. */
  private static void release(Connection connection) {
    try (connection) {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.log(Level.FINE, "Could not reset a connection before closing it", e);
    }
  }
}
