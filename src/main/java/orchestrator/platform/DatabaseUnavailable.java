package orchestrator.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Recognises a database that does not answer, which the API reports as 503 with Retry-After. */
public final class DatabaseUnavailable {
  private static final String RETRY_AFTER_SECONDS = "5";

  private DatabaseUnavailable() {}

  public static Problem problem() {
    return Problem.of(503, "The database is not available; try again shortly.")
        .withHeader("Retry-After", RETRY_AFTER_SECONDS);
  }

  public static boolean isCause(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof SQLTransientConnectionException
          || e instanceof SQLNonTransientConnectionException) return true;
      if (e instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) return true;
      // the application server's pool reports an unreachable database as a resource error
      String type = e.getClass().getName();
      if (type.endsWith("PoolingException")
          || type.endsWith("ResourceException")
          || type.endsWith("ResourceAllocationException")) return true;
    }
    return false;
  }
}
