package orchestrator.platform.database;

import java.sql.SQLException;

/**
 * A failed SQL call. Its SQLState tells a conflict (23xxx) from an unreachable database (08xxx).
 */
public class DataAccessException extends RuntimeException {
  public DataAccessException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  public String sqlState() {
    return getCause() instanceof SQLException sql ? sql.getSQLState() : null;
  }

  public boolean isUniqueViolation() {
    String state = sqlState();
    return "23505".equals(state);
  }
}
