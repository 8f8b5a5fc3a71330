package orchestrator.delivery;

/**
 * Fired when deliveries fall due (a message accepted, a node resumed, deliveries re-queued). Observed
 * after the transaction commits, so the round that follows sees them.
 */
public record DeliveriesDue() {
  public static final DeliveriesDue NOW = new DeliveriesDue();
}
