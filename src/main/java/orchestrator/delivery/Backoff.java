package orchestrator.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What follows a failed attempt: the next attempt after fixed + (attempts - 1) x progressive, or
 * FROZEN.
 */
public record Backoff(Duration fixed, Duration progressive, int maxAttempts) {

  public static Backoff of(DeliverySettings settings) {
    return new Backoff(settings.fixedDelay(), settings.progressiveDelay(), settings.maxAttempts());
  }

  /** The delay after the given number of failed attempts (1 = after the first failure). */
  public Duration delayAfter(int failedAttempts) {
    return fixed.plus(progressive.multipliedBy(Math.max(0, failedAttempts - 1)));
  }

  /**
   * Whether a delivery that has failed this many times is FROZEN; 0 attempts allowed means never.
   */
  public boolean freezes(int failedAttempts) {
    return maxAttempts > 0 && failedAttempts >= maxAttempts;
  }

  /** When to try again after this many failed attempts, or null when the delivery freezes. */
  public Instant nextAttempt(Instant now, int failedAttempts) {
    return freezes(failedAttempts) ? null : now.plus(delayAfter(failedAttempts));
  }
}
