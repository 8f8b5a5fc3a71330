package orchestrator.delivery;

import java.time.Instant;
import java.util.Set;

/**
 * What the intake may hand to this instance's workers: the new deliveries of these nodes are
 * inserted already claimed by {@code claimant} until {@code leaseEnd}, and given to the workers
 * once the transaction has committed ({@link DeliveriesDue#handed}).
 */
public record Handover(String claimant, Instant leaseEnd, Set<String> nodes) {
  public static final Handover NONE = new Handover(null, null, Set.of());

  public Handover {
    nodes = Set.copyOf(nodes);
  }

  public boolean takes(String node) {
    return nodes.contains(node);
  }
}
