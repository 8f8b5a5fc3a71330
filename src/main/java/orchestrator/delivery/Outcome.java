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

  /** The delivery's status once this outcome is recorded. */
  DeliveryStatus status() {
    return result.delivered()
        ? DeliveryStatus.DELIVERED
        : frozen() ? DeliveryStatus.FROZEN : DeliveryStatus.PENDING;
  }
}
