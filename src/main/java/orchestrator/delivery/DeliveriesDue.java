package orchestrator.delivery;

import java.time.Instant;
import java.util.List;

/**
 * Fired when deliveries fall due (a message accepted, a node resumed, deliveries re-queued).
 * Observed after the transaction commits, so the round that follows sees them.
 *
 * @param node a node resumed or changed, tried again at once even if it was resting after a
 *     failure; or null
 * @param arrivals the nodes of a message just accepted, each with new deliveries due now that are
 *     in the database only; empty when any node may have due work
 * @param handed new deliveries inserted already claimed for this instance's workers, until {@code
 *     leaseEnd}
 */
public record DeliveriesDue(
    String node, List<String> arrivals, List<Parcel> handed, Instant leaseEnd) {
  public static final DeliveriesDue NOW = new DeliveriesDue(null, List.of(), List.of(), null);

  public DeliveriesDue {
    arrivals = List.copyOf(arrivals);
    handed = List.copyOf(handed);
  }

  /** A node was resumed or changed. */
  public static DeliveriesDue of(String node) {
    return new DeliveriesDue(node, List.of(), List.of(), null);
  }

  /**
   * Messages were accepted: new deliveries for the {@code arrivals} nodes, and these handed ones.
   */
  public static DeliveriesDue arrived(
      List<String> arrivals, List<Parcel> handed, Instant leaseEnd) {
    return new DeliveriesDue(null, arrivals, handed, leaseEnd);
  }

  /**
   * Whether the event is about new deliveries only, whose nodes are known: no round needed to find
   * them.
   */
  boolean newDeliveriesOnly() {
    return !arrivals.isEmpty() || !handed.isEmpty();
  }
}
