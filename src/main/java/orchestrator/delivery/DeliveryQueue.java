package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeStore;
import orchestrator.platform.database.Jdbc;

/**
 * The queue of due deliveries. A claim takes due rows of one node with {@code FOR UPDATE SKIP
 * LOCKED} and moves their {@code next_attempt_at} to the end of a lease: while the claimant works
 * they are not due for anyone else, and if it dies they fall due again when the lease runs out.
 * Every query is an index probe per node, so its cost does not grow with the backlog.
 */
@ApplicationScoped
public class DeliveryQueue {

  @Inject Jdbc jdbc;
  @Inject EmbeddedQueue embedded;

  /**
   * A node's earliest pending due time, as a per-node probe of the first entry of the {@code
   * delivery_due} index. Written as {@code order by … limit 1} rather than {@code exists} or {@code
   * min()}: with statistics older than a backlog, PostgreSQL planned that as a read of every
   * pending row (docs/performance.md). With {@link Jdbc#listByIndexes}'s settings (no sorts) the
   * probe of {@code delivery_due} is the only plan left, so the one kept per connection is right.
   */
  private static final String FIRST_DUE =
      "(select d.next_attempt_at from delivery d where d.node_id = n.id and d.status = 'PENDING' order by d.next_attempt_at limit 1)";

  /**
   * Each unpaused node (enabled or not) with a pending delivery, and when its earliest one falls
   * due (now or earlier: due). One query per round, in one round trip: which nodes to start, and
   * when to look again.
   */
  public Map<String, Instant> firstDueByNode() {
    Map<String, Instant> firstDue = new TreeMap<>();
    for (NodeDue row :
        jdbc.listByIndexes(
            "select n.id, " + FIRST_DUE + " first_due from node n where not n.paused",
            row -> new NodeDue(row.getString("id"), Jdbc.instant(row, "first_due")))) {
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
            "with n as (select "
                + NodeStore.columns("node", "node_")
                + " from node where id = ? and not paused),"
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
            node,
            now,
            limit,
            leaseEnd,
            claimant,
            leaseEnd);
    if (claimed.isEmpty()) return Claim.NOTHING;
    // the claim's order, oldest due first, sorted here: an "order by" would be a sort, which
    // listByIndexes rules out
    return new Claim(
        read[0],
        claimed.stream()
            .sorted(Comparator.comparing(Claimed::due).thenComparing(c -> c.parcel().deliveryId()))
            .map(Claimed::parcel)
            .toList());
  }

  /** A claimed delivery; {@code attempt} is the one about to be made. */
  static Parcel parcel(ResultSet row, String node) throws SQLException {
    return new Parcel(
        row.getLong("id"),
        Jdbc.uuid(row, "message_id"),
        node,
        row.getString("event_type"),
        row.getString("content_type"),
        row.getInt("attempts") + 1,
        row.getBytes("body"),
        Jdbc.instant(row, "created_at"));
  }

  /**
   * Records the outcomes of a chunk where the claim still holds, logs every attempt, and gives the
   * {@code unsent} deliveries back, due at {@code dueAt}: on PostgreSQL one statement, so one round
   * trip and one commit for the whole chunk (docs/delivery.md, "The outcome updates").
   */
  public void record(List<Outcome> outcomes, String claimant, List<Parcel> unsent, Instant dueAt) {
    if (outcomes.isEmpty() && unsent.isEmpty()) return;
    if (!jdbc.isPostgres()) {
      embedded.record(outcomes, claimant, unsent, dueAt);
      return;
    }
    int n = outcomes.size();
    Long[] ids = new Long[n];
    String[] messageIds = new String[n];
    String[] nodes = new String[n];
    Integer[] attempts = new Integer[n];
    String[] statuses = new String[n];
    String[] at = new String[n];
    String[] nextAttempt = new String[n];
    String[] errors = new String[n];
    Integer[] httpStatuses = new Integer[n];
    Long[] durations = new Long[n];
    for (int i = 0; i < n; i++) {
      Outcome o = outcomes.get(i);
      Parcel p = o.parcel();
      ids[i] = p.deliveryId();
      messageIds[i] = p.messageId().toString();
      nodes[i] = p.node();
      attempts[i] = p.attempt();
      statuses[i] = o.status().name();
      at[i] = o.at().toString();
      nextAttempt[i] = o.nextAttempt() == null ? null : o.nextAttempt().toString();
      errors[i] = o.result().error();
      httpStatuses[i] = o.result().httpStatus();
      durations[i] = o.result().durationMs();
    }
    // Where the claim still holds: only a PENDING delivery has a claimant (a claim takes PENDING
    // rows, and every change away from PENDING clears claimed_by), so no status is named, and no
    // index of delivery but its key can serve the statement. A status in it let plans join the
    // chunk to the PENDING rows of delivery_status_id or of a partial index, the whole backlog
    // (docs/delivery.md, "The outcome updates"; OutcomePlansIT). Planned once per connection
    // without the values (listByIndexes). Every attempt is logged, even one whose claim was lost
    // meanwhile (lease run out, node deleted): its outcome is then not applied, but the call did
    // happen.
    // Its commit does not wait for the disk (Commit.LAZY): a worker's next wave is not held up by
    // a slow flush. Lost in a crash of the database, these outcomes are as those of an instance
    // that died before recording them: the deliveries stay claimed until their lease ends and are
    // then sent again (at-least-once), never by two at once (docs/delivery.md, step 4).
    jdbc.listByIndexes(
        Jdbc.Commit.LAZY,
        "with o as (select * from unnest(?::bigint[], ?::uuid[], ?::varchar[], ?::integer[], ?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::varchar[], ?::integer[], ?::bigint[])"
            + " as o (delivery_id, message_id, node_id, attempt, status, at, next_attempt_at, error, http_status, duration_ms)),"
            + " applied as (update delivery d set status = o.status, attempts = o.attempt, last_attempt_at = o.at,"
            + " last_error = case when o.status = 'DELIVERED' then d.last_error else o.error end,"
            + " delivered_at = case when o.status = 'DELIVERED' then o.at else d.delivered_at end,"
            + " frozen_at = case when o.status = 'FROZEN' then o.at else d.frozen_at end,"
            + " next_attempt_at = o.next_attempt_at, claimed_by = null, claimed_until = null"
            + " from o where d.id = o.delivery_id and d.claimed_by = ? returning d.id),"
            + " logged as (insert into delivery_attempt (delivery_id, message_id, node_id, attempt, at, outcome, http_status, duration_ms, error)"
            + " select delivery_id, message_id, node_id, attempt, at, case when status = 'DELIVERED' then 'DELIVERED' else 'FAILED' end, http_status, duration_ms, error from o returning id),"
            + " released as (update delivery set next_attempt_at = ?, claimed_by = null, claimed_until = null where id = any(?) and claimed_by = ? returning id)"
            + " select (select count(*) from applied) applied, (select count(*) from logged) logged, (select count(*) from released) released",
        row -> null,
        Jdbc.array("bigint", ids),
        Jdbc.array("uuid", messageIds),
        Jdbc.array("varchar", nodes),
        Jdbc.array("integer", attempts),
        Jdbc.array("varchar", statuses),
        Jdbc.array("timestamptz", at),
        Jdbc.array("timestamptz", nextAttempt),
        Jdbc.array("varchar", errors),
        Jdbc.array("integer", httpStatuses),
        Jdbc.array("bigint", durations),
        claimant,
        dueAt,
        Jdbc.bigints(unsent.stream().map(Parcel::deliveryId).toList()),
        claimant);
  }

  /** Gives claimed deliveries back unattempted, due at {@code dueAt}. */
  public void release(List<Parcel> parcels, String claimant, Instant dueAt) {
    record(List.of(), claimant, parcels, dueAt);
  }

  /**
   * Gives back every claim of this claimant, due now (at shutdown). A claimed delivery is due at
   * its lease end, in the future, so each node's claims are among its few not yet due: a range of
   * {@code delivery_due} per node, however large the backlog.
   */
  public int releaseAll(String claimant, Instant now) {
    return jdbc.update(
        "update delivery set next_attempt_at = ?, claimed_by = null, claimed_until = null"
            + " where node_id in (select id from node) and status = 'PENDING' and next_attempt_at > ? and claimed_by = ?",
        now,
        now,
        claimant);
  }
}
