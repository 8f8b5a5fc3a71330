package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import orchestrator.platform.database.InTransaction;
import orchestrator.platform.database.Jdbc;

/** The delivery table. */
@ApplicationScoped
public class DeliveryStore {

  /** Pending and frozen deliveries of one node. */
  public record Counts(long pending, long frozen) {
    public static final Counts NONE = new Counts(0, 0);
  }

  @Inject Jdbc jdbc;

  /** A new delivery: PENDING, due at its creation. */
  public record NewDelivery(UUID messageId, String node, Instant createdAt) {}

  /**
   * The deliveries of new messages, as one batch; joins the caller's transaction. Used on H2: on
   * PostgreSQL MessageStore.insert writes them in the same statement as their messages.
   */
  public void createPending(List<NewDelivery> deliveries) {
    List<Object[]> rows = new ArrayList<>(deliveries.size());
    for (NewDelivery d : deliveries)
      rows.add(new Object[] {d.messageId(), d.node(), d.createdAt(), d.createdAt()});
    jdbc.batch(
        "insert into delivery (message_id, node_id, status, attempts, next_attempt_at, created_at) values (?, ?, 'PENDING', 0, ?, ?)",
        rows);
  }

  /** Freezes every PENDING delivery of a node, so nothing is silently dropped. */
  public int freezePending(String node, String reason, Instant now) {
    return jdbc.update(
        "update delivery set status = 'FROZEN', frozen_at = ?, last_error = ?, next_attempt_at = null, claimed_by = null, claimed_until = null where node_id = ? and status = 'PENDING'",
        now,
        reason,
        node);
  }

  /**
   * FROZEN deliveries of one message back to PENDING, attempts 0, due now; those of deleted nodes
   * stay.
   */
  public int requeueMessage(UUID messageId, Instant now) {
    return jdbc.update(REQUEUE + " and message_id = ?", now, messageId);
  }

  /** Every FROZEN delivery matching the filters back to PENDING, attempts 0, due now. */
  public int requeue(String node, String eventType, Instant now) {
    List<Object> parameters = new ArrayList<>(List.of(now));
    StringBuilder sql = new StringBuilder(REQUEUE);
    if (node != null) {
      sql.append(" and node_id = ?");
      parameters.add(node);
    }
    if (eventType != null) {
      sql.append(" and message_id in (select id from message where event_type = ?)");
      parameters.add(eventType);
    }
    return jdbc.update(sql.toString(), parameters.toArray());
  }

  private static final String REQUEUE =
      "update delivery set status = 'PENDING', attempts = 0, next_attempt_at = ?, frozen_at = null, claimed_by = null, claimed_until = null"
          + " where status = 'FROZEN' and node_id in (select id from node)";

  /**
   * Pending and frozen deliveries per node, deleted nodes included. Both counts read {@code
   * delivery_open} (open rows only) by index: planned for the statistics of the moment, a burst of
   * deliveries since the last ANALYZE made PostgreSQL read the whole table, delivered rows and all.
   */
  public Map<String, Counts> countsByNode() {
    record Row(String node, Counts counts) {}
    return jdbc
        .listByIndexes(
            "select node_id, sum(case when status = 'PENDING' then 1 else 0 end) pending, sum(case when status = 'FROZEN' then 1 else 0 end) frozen"
                + " from delivery where status <> 'DELIVERED' group by node_id",
            row ->
                new Row(
                    row.getString("node_id"),
                    new Counts(row.getLong("pending"), row.getLong("frozen"))))
        .stream()
        .collect(Collectors.toMap(Row::node, Row::counts));
  }

  /**
   * When each node's oldest PENDING delivery was created: per node, the first entry of {@code
   * delivery_node_status_id} (ids grow with arrival), an index probe whatever the backlog. Only
   * registered nodes can have PENDING deliveries (deleting a node freezes them).
   */
  @InTransaction
  public Map<String, Instant> oldestPendingByNode() {
    record Row(String node, Instant oldest) {}
    jdbc.planAsQueue();
    return jdbc
        .list(
            "select n.id, (select d.created_at from delivery d where d.node_id = n.id and d.status = 'PENDING' order by d.id limit 1) oldest from node n",
            row -> new Row(row.getString("id"), Jdbc.instant(row, "oldest")))
        .stream()
        .filter(row -> row.oldest() != null)
        .collect(Collectors.toMap(Row::node, Row::oldest));
  }

  /** Pending and frozen deliveries of one node: two ranges of an index, its open rows only. */
  public Counts countsOf(String node) {
    return jdbc.listByIndexes(
            "select (select count(*) from delivery where node_id = ? and status = 'PENDING') pending,"
                + " (select count(*) from delivery where node_id = ? and status = 'FROZEN') frozen",
            row -> new Counts(row.getLong("pending"), row.getLong("frozen")),
            node,
            node)
        .get(0);
  }
}
