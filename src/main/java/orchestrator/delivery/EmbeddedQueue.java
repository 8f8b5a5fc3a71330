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
 * {@link DeliveryQueue}'s claim and record on the embedded database (H2), which has no
 * data-modifying {@code with} queries: the same work in several statements of one transaction.
 */
@ApplicationScoped
class EmbeddedQueue {

  @Inject Jdbc jdbc;
  @Inject NodeStore nodes;

  @InTransaction
  public DeliveryQueue.Claim claim(
      String nodeId, int limit, Instant now, Instant leaseEnd, String claimant) {
    Node node = nodes.find(nodeId).filter(found -> !found.paused()).orElse(null);
    if (node == null) return DeliveryQueue.Claim.NOTHING;
    List<Long> ids =
        jdbc.list(
            "select id from delivery where node_id = ? and status = 'PENDING' and next_attempt_at <= ?"
                + " order by next_attempt_at, id limit ? for update skip locked",
            row -> row.getLong(1),
            nodeId,
            now,
            limit);
    if (ids.isEmpty()) return DeliveryQueue.Claim.NOTHING;
    Object claimed = Jdbc.bigints(ids);
    jdbc.update(
        "update delivery set next_attempt_at = ?, claimed_by = ?, claimed_until = ? where id = any(?)",
        leaseEnd,
        claimant,
        leaseEnd,
        claimed);
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

  @InTransaction
  public void record(List<Outcome> outcomes, String claimant, List<Parcel> unsent, Instant dueAt) {
    String pending = DeliveryStatus.PENDING.name();
    List<Object[]> delivered = new ArrayList<>();
    List<Object[]> retried = new ArrayList<>();
    List<Object[]> frozen = new ArrayList<>();
    List<Object[]> log = new ArrayList<>();
    for (Outcome o : outcomes) {
      Parcel p = o.parcel();
      AttemptResult r = o.result();
      switch (o.status()) {
        case DELIVERED ->
            delivered.add(
                new Object[] {p.attempt(), o.at(), o.at(), p.deliveryId(), pending, claimant});
        case FROZEN ->
            frozen.add(
                new Object[] {
                  p.attempt(), o.at(), r.error(), o.at(), p.deliveryId(), pending, claimant
                });
        case PENDING ->
            retried.add(
                new Object[] {
                  p.attempt(), o.at(), r.error(), o.nextAttempt(), p.deliveryId(), pending, claimant
                });
      }
      log.add(
          new Object[] {
            p.deliveryId(),
            p.messageId(),
            p.node(),
            p.attempt(),
            o.at(),
            r.delivered() ? "DELIVERED" : "FAILED",
            r.httpStatus(),
            r.durationMs(),
            r.error()
          });
    }
    String stillMine =
        " claimed_by = null, claimed_until = null where id = ? and status = ? and claimed_by = ?";
    jdbc.batch(
        "update delivery set status = 'DELIVERED', attempts = ?, last_attempt_at = ?, delivered_at = ?, next_attempt_at = null,"
            + stillMine,
        delivered);
    jdbc.batch(
        "update delivery set attempts = ?, last_attempt_at = ?, last_error = ?, next_attempt_at = ?,"
            + stillMine,
        retried);
    jdbc.batch(
        "update delivery set status = 'FROZEN', attempts = ?, last_attempt_at = ?, last_error = ?, frozen_at = ?, next_attempt_at = null,"
            + stillMine,
        frozen);
    jdbc.batch(
        "insert into delivery_attempt (delivery_id, message_id, node_id, attempt, at, outcome, http_status, duration_ms, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        log);
    if (!unsent.isEmpty()) {
      jdbc.update(
          "update delivery set next_attempt_at = ?, claimed_by = null, claimed_until = null where id = any(?) and claimed_by = ?",
          dueAt,
          Jdbc.bigints(unsent.stream().map(Parcel::deliveryId).toList()),
          claimant);
    }
  }
}
