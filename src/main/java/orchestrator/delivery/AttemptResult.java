package orchestrator.delivery;

/**
 * How one HTTP attempt ended. {@code unreachable} is a refused connection or a timeout: the node's
 * run ends there, and the rest of its batch is not charged an attempt.
 */
public record AttemptResult(
    boolean delivered, Integer httpStatus, String error, long durationMs, boolean unreachable) {

  static AttemptResult delivered(int status, long durationMs) {
    return new AttemptResult(true, status, null, durationMs, false);
  }

  static AttemptResult failed(Integer status, String error, long durationMs) {
    return new AttemptResult(false, status, error, durationMs, false);
  }

  static AttemptResult unreachable(String error, long durationMs) {
    return new AttemptResult(false, null, error, durationMs, true);
  }
}
