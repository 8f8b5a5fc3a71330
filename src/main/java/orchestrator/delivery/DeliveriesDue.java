package orchestrator.delivery;

/**
 * Fired when deliveries fall due (a message accepted, a node resumed, deliveries re-queued). Observed
 * after the transaction commits, so the round that follows sees them.
 */
public record DeliveriesDue(String node) {
  public static final DeliveriesDue NOW = new DeliveriesDue(null);

  /** A node was resumed or changed: it is tried again at once, even if it was resting after a failure. */
  public static DeliveriesDue of(String node) {
    return new DeliveriesDue(node);
  }
}
