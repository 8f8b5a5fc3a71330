package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeStore;
import orchestrator.platform.database.InTransaction;
import orchestrator.platform.database.Jdbc;

/**
 * The queue of due deliveries. A claim takes due rows of one node with {@code FOR UPDATE SKIP
 * LOCKED} and moves their {@code next_attempt_at} to the end of a lease: while the claimant works
 * they are not due for anyone else, and if it dies they fall due again when the lease runs out.
 * Every query is an index probe per node, so its cost does not grow with the backlog.
 */
@ApplicationScoped
public class DeliveryQueue {
  private static final String PENDING = DeliveryStatus.PENDING.name();

  @Inject Jdbc jdbc;
  @Inject EmbeddedQueue embedded;

  /**
   * A node's earliest pending due time, as a per-node probe of the first entry of the
   * {@code delivery_due} index. Written as {@code order by … limit 1} rather than {@code exists} or
   * {@code min()}: with statistics older than a backlog, PostgreSQL planned that as a read of every
   * pending row (docs/performance.md). With {@link Jdbc#listByIndexes}'s settings (no sorts) the
   * probe of {@code delivery_due} is the only plan left, so the one kept per connection is right.
   */
  private static final String FIRST_DUE =
      "(select d.next_attempt_at from delivery d where d.node_id = n.id and d.status = 'PENDING' order by d.next_attempt_at limit 1)";

  /**
   * Each unpaused node (enabled or not) with a pending delivery, and when its earliest one falls due
   * (now or earlier: due). One query per round, in one round trip: which nodes to start, and when
   * to look again.
   */
  public Map<String, Instant> firstDueByNode() {
    Map<String, Instant> firstDue = new TreeMap<>();
    for (NodeDue row : jdbc.listByIndexes("select n.id, " + FIRST_DUE + " first_due from node n where not n.paused", row -> new NodeDue(row.getString("id"), Jdbc.instant(row, "first_due")))) {
      if (row.at() != null) firstDue.put(row.node(), row.at());
    }
    return firstDue;
  }

  private record NodeDue(String node, Instant at) {}

  /**
   * What a claim took: the node as it read it (null when it took nothing) and its due deliveries,
   * oldest due first.
   */
  public record Claim(Node node, List<Parcel> parcels) {
    static final Claim NOTHING = new Claim(null, List.of());
  }

  /**
   * Claims up to {@code limit} due deliveries of a node, oldest due first, until {@code leaseEnd},
   * and reads the node with them: nothing is claimed for a node that is paused or gone.
   */
  public Claim claim(String node, int limit, Instant now, Instant leaseEnd, String claimant) {
    if (!jdbc.isPostgres()) return embedded.claim(node, limit, now, leaseEnd, claimant);
    // one statement in one round trip, its own transaction, planned once per connection
    // (listByIndexes): read the node by key, lock its due rows in the order of delivery_due (at
    // most the limit), move them to the lease end, read them with their messages by key
    record Claimed(Instant due, Parcel parcel) {}
    Node[] read = new Node[1]; // the same node on every row: mapped once
    List<Claimed> claimed =
        jdbc.listByIndexes(
            "with n as (select " + NodeStore.columns("node", "node_") + " from node where id = ? and not paused),"
                + " due as (select id, next_attempt_at from delivery where node_id = (select node_id from n) and status = 'PENDING' and next_attempt_at <= ?"
                + " order by next_attempt_at, id limit ? for update skip locked),"
                + " claimed as (update delivery d set next_attempt_at = ?, claimed_by = ?, claimed_until = ? from due where d.id = due.id"
                + " returning d.id, d.message_id, d.attempts, due.next_attempt_at due_at)"
                + " select c.id, c.message_id, c.attempts, c.due_at, m.event_type, m.content_type, m.body, m.created_at, n.*"
                + " from claimed c join message m on m.id = c.message_id cross join n",
            row -> {
              if (read[0] == null) read[0] = NodeStore.node(row, "node_");
              return new Claimed(Jdbc.instant(row, "due_at"), parcel(row, node));
            },
            node, now, limit, leaseEnd, claimant, leaseEnd);
    if (claimed.isEmpty()) return Claim.NOTHING;
    // the claim's order, oldest due first, sorted here: an "order by" would be a sort, which
    // listByIndexes rules out
    return new Claim(
        read[0],
        claimed.stream().sorted(Comparator.comparing(Claimed::due).thenComparing(c -> c.parcel().deliveryId())).map(Claimed::parcel).toList());
  }

  /** A claimed delivery; {@code attempt} is the one about to be made. */
  static Parcel parcel(ResultSet row, String node) throws SQLException {
    return new Parcel(
        row.getLong("id"),
        row.getObject("message_id", UUID.class),
        node,
        row.getString("event_type"),
        row.getString("content_type"),
        row.getInt("attempts") + 1,
        row.getBytes("body"),
        Jdbc.instant(row, "created_at"));
  }

  /**
   * Records the outcomes of a chunk in one transaction (one commit for up to a chunk of attempts)
   * where the claim still holds, logs every attempt, and gives the {@code unsent} deliveries back,
   * due at {@code dueAt}.
   */
  @InTransaction
  public void record(List<Outcome> outcomes, String claimant, List<Parcel> unsent, Instant dueAt) {
    List<Object[]> delivered = new ArrayList<>();
    List<Object[]> retried = new ArrayList<>();
    List<Object[]> frozen = new ArrayList<>();
    List<Object[]> log = new ArrayList<>();
    for (Outcome o : outcomes) {
      Parcel p = o.parcel();
      AttemptResult r = o.result();
      if (r.delivered()) delivered.add(new Object[] {p.attempt(), o.at(), o.at(), p.deliveryId(), PENDING, claimant});
      else if (o.frozen()) frozen.add(new Object[] {p.attempt(), o.at(), r.error(), o.at(), p.deliveryId(), PENDING, claimant});
      else retried.add(new Object[] {p.attempt(), o.at(), r.error(), o.nextAttempt(), p.deliveryId(), PENDING, claimant});
      log.add(new Object[] {p.deliveryId(), p.messageId(), p.node(), p.attempt(), o.at(), r.delivered() ? "DELIVERED" : "FAILED", r.httpStatus(), r.durationMs(), r.error()});
    }
    // planned without the values, and the status bound, not written: a plan that knows the status
    // is PENDING may walk a partial index of PENDING rows, the whole backlog, per row (Jdbc.planByIndexes)
    jdbc.planByIndexes();
    String stillMine = " claimed_by = null, claimed_until = null where id = ? and status = ? and claimed_by = ?";
    jdbc.batch("update delivery set status = 'DELIVERED', attempts = ?, last_attempt_at = ?, delivered_at = ?, next_attempt_at = null," + stillMine, delivered);
    jdbc.batch("update delivery set attempts = ?, last_attempt_at = ?, last_error = ?, next_attempt_at = ?," + stillMine, retried);
    jdbc.batch("update delivery set status = 'FROZEN', attempts = ?, last_attempt_at = ?, last_error = ?, frozen_at = ?, next_attempt_at = null," + stillMine, frozen);
    // every attempt is logged, even one whose claim was lost meanwhile (lease run out, node
    // deleted): its outcome is then not applied to the delivery, but the call did happen
    jdbc.batch(
        "insert into delivery_attempt (delivery_id, message_id, node_id, attempt, at, outcome, http_status, duration_ms, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        log);
    release(unsent, claimant, dueAt);
  }

  /** Gives claimed deliveries back unattempted, due at {@code dueAt}. */
  @InTransaction
  public void release(List<Parcel> parcels, String claimant, Instant dueAt) {
    if (parcels.isEmpty()) return;
    jdbc.planAsQueue(); // id = any(?): see Jdbc.planAsQueue
    // no status in the statement: a plan that knows the status is PENDING may walk a partial index
    // of PENDING rows, the whole backlog (OutcomePlansIT). Only a PENDING delivery has a claimant:
    // a claim takes PENDING rows, and every change away from PENDING clears claimed_by.
    jdbc.update(
        "update delivery set next_attempt_at = ?, claimed_by = null, claimed_until = null where id = any(?) and claimed_by = ?",
        dueAt, Jdbc.bigints(parcels.stream().map(Parcel::deliveryId).toList()), claimant);
  }

  /**
   * Gives back every claim of this claimant, due now (at shutdown). A claimed delivery is due at its
   * lease end, in the future, so each node's claims are among its few not yet due: a range of
   * {@code delivery_due} per node, however large the backlog.
   */
  public int releaseAll(String claimant, Instant now) {
    return jdbc.update(
        "update delivery set next_attempt_at = ?, claimed_by = null, claimed_until = null"
            + " where node_id in (select id from node) and status = 'PENDING' and next_attempt_at > ? and claimed_by = ?",
        now, now, claimant);
  }
}
