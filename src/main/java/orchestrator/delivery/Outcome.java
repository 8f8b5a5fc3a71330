package orchestrator.delivery;

import java.time.Instant;

/**
 * How one attempt ended, to be recorded: delivered, due again at {@code nextAttempt}, or FROZEN
 * (failed with no next attempt).
 */
public record Outcome(Parcel parcel, AttemptResult result, Instant at, Instant nextAttempt) {

  boolean frozen() {
    return !result.delivered() && nextAttempt == null;
  }
}
