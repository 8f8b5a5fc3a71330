package orchestrator.delivery;

import java.util.List;

/**
 * Fired when deliveries fall due (a message accepted, a node resumed, deliveries re-queued). Observed
 * after the transaction commits, so the round that follows sees them.
 *
 * @param node a node resumed or changed, tried again at once even if it was resting after a failure; or null
 * @param arrivals the nodes of a message just accepted, each with one new delivery due now; empty when
 *     any node may have due work
 */
public record DeliveriesDue(String node, List<String> arrivals) {
  public static final DeliveriesDue NOW = new DeliveriesDue(null, List.of());

  public DeliveriesDue {
    arrivals = List.copyOf(arrivals);
  }

  /** A node was resumed or changed. */
  public static DeliveriesDue of(String node) {
    return new DeliveriesDue(node, List.of());
  }

  /** A message was accepted with one delivery for each of these nodes. */
  public static DeliveriesDue arrived(List<String> nodes) {
    return new DeliveriesDue(null, nodes);
  }
}
