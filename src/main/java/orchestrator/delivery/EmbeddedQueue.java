package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeStore;
import orchestrator.platform.database.InTransaction;
import orchestrator.platform.database.Jdbc;

/**
 * {@link DeliveryQueue}'s claim on the embedded database (H2), which has no data-modifying
 * {@code with} queries: the same work in four statements of one transaction.
 */
@ApplicationScoped
class EmbeddedQueue {

  @Inject Jdbc jdbc;
  @Inject NodeStore nodes;

  @InTransaction
  public DeliveryQueue.Claim claim(String nodeId, int limit, Instant now, Instant leaseEnd, String claimant) {
    Node node = nodes.find(nodeId).filter(found -> !found.paused()).orElse(null);
    if (node == null) return DeliveryQueue.Claim.NOTHING;
    List<Long> ids =
        jdbc.list(
            "select id from delivery where node_id = ? and status = 'PENDING' and next_attempt_at <= ?"
                + " order by next_attempt_at, id limit ? for update skip locked",
            row -> row.getLong(1),
            nodeId, now, limit);
    if (ids.isEmpty()) return DeliveryQueue.Claim.NOTHING;
    Object claimed = Jdbc.bigints(ids);
    jdbc.update("update delivery set next_attempt_at = ?, claimed_by = ?, claimed_until = ? where id = any(?)", leaseEnd, claimant, leaseEnd, claimed);
    List<Parcel> parcels =
        jdbc.list(
            "select d.id, d.message_id, d.attempts, m.event_type, m.content_type, m.body, m.created_at"
                + " from delivery d join message m on m.id = d.message_id where d.id = any(?)",
            row -> DeliveryQueue.parcel(row, nodeId),
            claimed);
    // keep the claim's order: oldest due first
    List<Parcel> ordered = new ArrayList<>(Collections.nCopies(ids.size(), null));
    for (Parcel parcel : parcels) ordered.set(ids.indexOf(parcel.deliveryId()), parcel);
    return new DeliveryQueue.Claim(node, ordered);
  }
}
