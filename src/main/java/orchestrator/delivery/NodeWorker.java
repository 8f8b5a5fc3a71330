package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeStore;

/**
 * One run for one node: up to {@code delivery.batch} deliveries, those the intake handed to this
 * instance first (already claimed), then, when asked, due ones claimed from the database, oldest
 * due first; sent outside any transaction, up to {@link #IN_FLIGHT} at once; the outcomes of each
 * chunk are recorded together in one short transaction.
 */
@ApplicationScoped
public class NodeWorker {
  /**
   * Deliveries claimed at a time. Each claim costs a statement, a commit and a walk over the dead
   * index entries at the head of the node's queue (until vacuum), and each chunk one transaction
   * for its outcomes: chunks of 10 made those the database's largest costs under load
   * (docs/performance.md, eighth round). The lease follows the chunk's waves, not its size.
   */
  static final int CLAIM_CHUNK = 50;

  /**
   * Calls to the node under way at once. The run's first call goes alone, so a node that is down
   * costs one attempt, not a wave of them; then waves of this many, each answered before the next.
   */
  static final int IN_FLIGHT = 5;

  /**
   * How stale the node's row may be while a chunk is sent (each claim reads it afresh; a handed
   * chunk starts on the last read within this): a pause, a delete or an edit takes effect within
   * this.
   */
  static final Duration NODE_FRESHNESS = Duration.ofMillis(250);

  /**
   * How a run ended: with the node unreachable until {@code restUntil} (else null), what follows
   * it, and whether the node's next run must still claim from the database ({@code claiming}).
   */
  public record Run(int attempted, Instant restUntil, Then then, boolean claiming) {}

  /** What a finished run asks of the dispatcher. */
  public enum Then {
    /**
     * Nothing handed is left, its claims (if any) came back short, and every attempt succeeded: no
     * retry to schedule.
     */
    NOTHING,
    /**
     * It used its whole {@code delivery.batch} and every attempt succeeded: more may be due, no
     * retry to schedule.
     */
    GO_ON,
    /** A round: a retry to schedule, a rest, a pause, or deliveries given back. */
    ROUND
  }

  /** A node's row as last read, and when: a handed chunk is sent on it while it is fresh. */
  private record NodeRead(Node node, Instant at) {}

  @Inject DeliveryQueue queue;
  @Inject OutcomeRecorder recorder;
  @Inject NodeStore nodes;
  @Inject Transport transport;
  @Inject DeliverySettings settings;
  @Inject DeliveryMetrics metrics;
  @Inject Clock clock;

  private final Map<String, NodeRead> lastRead = new ConcurrentHashMap<>();

  /**
   * Sends the node's handed deliveries and, when {@code claim} is set, claims its due ones from the
   * database until a claim comes back short.
   */
  public Run run(String nodeId, String claimant, boolean claim, HandedDeliveries handed) {
    Backoff backoff = Backoff.of(settings);
    int attempted = 0;
    boolean failed = false;
    boolean claiming = claim;
    while (attempted < settings.batch()) {
      int size = Math.min(CLAIM_CHUNK, settings.batch() - attempted);
      Instant now = clock.instant();
      HandedDeliveries.Chunk chunk = handed.take(nodeId, size);
      List<Parcel> parcels = chunk.parcels();
      Instant leaseEnd = chunk.leaseEnd();
      Node node;
      Instant readAt;
      if (!parcels.isEmpty()) {
        NodeRead read = read(nodeId, now);
        if (read == null || read.node().paused()) {
          // as when a pause is seen mid-chunk: due again when resumed (a deleted node's are
          // FROZEN already)
          record(List.of(), claimant, with(parcels, handed.drain(nodeId)), now);
          return new Run(attempted, null, Then.ROUND, claiming);
        }
        node = read.node();
        readAt = read.at();
      } else if (claiming) {
        // the claim reads the node too: a paused or deleted node gets nothing claimed, and a resume
        // asks for a round
        leaseEnd = now.plus(lease(size, settings.timeout()));
        DeliveryQueue.Claim claimed = queue.claim(nodeId, size, now, leaseEnd, claimant);
        parcels = claimed.parcels();
        if (parcels.size() < size) claiming = false; // nothing more is due in the database
        if (parcels.isEmpty()) continue; // handed ones may have come meanwhile
        node = claimed.node();
        readAt = now;
        lastRead.put(nodeId, new NodeRead(node, now));
      } else {
        return new Run(attempted, null, failed ? Then.ROUND : Then.NOTHING, false);
      }
      List<Outcome> outcomes = new ArrayList<>(parcels.size());
      int unsent = 0; // parcels before this index were sent
      try {
        while (unsent < parcels.size()) {
          if (Duration.between(readAt, clock.instant()).compareTo(NODE_FRESHNESS) > 0) {
            NodeRead reread = reread(nodeId);
            if (reread == null || reread.node().paused()) {
              // the rest, and what was handed meanwhile, is due again when resumed
              record(
                  outcomes,
                  claimant,
                  with(parcels.subList(unsent, parcels.size()), handed.drain(nodeId)),
                  clock.instant());
              return new Run(attempted, null, Then.ROUND, claiming);
            }
            node = reread.node();
            readAt = reread.at();
          }
          if (clock.instant().plus(settings.timeout()).isAfter(leaseEnd)) {
            // slow database work (or a wait for a worker) ate the lease's spare time: a wave
            // started now could still be under way when the claim passes to someone else, so the
            // rest is given back, due now
            record(outcomes, claimant, parcels.subList(unsent, parcels.size()), clock.instant());
            return new Run(attempted, null, Then.ROUND, true);
          }
          int width = attempted == 0 ? 1 : Math.min(IN_FLIGHT, parcels.size() - unsent);
          List<Transport.Call> calls = new ArrayList<>(width);
          while (calls.size() < width) {
            calls.add(transport.start(node, parcels.get(unsent)));
            // under way: a failure from here on must not give it back while it may still arrive
            unsent++;
          }
          Instant restUntil =
              answers(calls, parcels.subList(unsent - width, unsent), backoff, outcomes);
          attempted += width;
          if (restUntil != null) {
            // the rest, and what was handed meanwhile, is not tried in this run and is charged
            // nothing; it waits with the failed one
            record(
                outcomes,
                claimant,
                with(parcels.subList(unsent, parcels.size()), handed.drain(nodeId)),
                restUntil);
            return new Run(attempted, restUntil, Then.ROUND, claiming);
          }
        }
        record(outcomes, claimant, List.of(), null);
      } catch (RuntimeException e) {
        // the sent ones whose outcome is not recorded wait for their lease (their calls may have
        // arrived)
        giveBack(parcels.subList(unsent, parcels.size()), claimant, e);
        throw e;
      }
      failed |= outcomes.stream().anyMatch(outcome -> !outcome.result().delivered());
    }
    return new Run(attempted, null, failed ? Then.ROUND : Then.GO_ON, claiming);
  }

  /** The node as read within {@link #NODE_FRESHNESS}, or read now; null when it is gone. */
  private NodeRead read(String nodeId, Instant now) {
    NodeRead read = lastRead.get(nodeId);
    if (read != null && Duration.between(read.at(), now).compareTo(NODE_FRESHNESS) <= 0)
      return read;
    return reread(nodeId);
  }

  private NodeRead reread(String nodeId) {
    Optional<Node> node = nodes.find(nodeId);
    if (node.isEmpty()) {
      lastRead.remove(nodeId);
      return null;
    }
    NodeRead read = new NodeRead(node.get(), clock.instant());
    lastRead.put(nodeId, read);
    return read;
  }

  private static List<Parcel> with(List<Parcel> first, List<Parcel> more) {
    if (more.isEmpty()) return first;
    List<Parcel> all = new ArrayList<>(first.size() + more.size());
    all.addAll(first);
    all.addAll(more);
    return all;
  }

  /**
   * Reads the wave's answers into {@code outcomes}; if the node was unreachable, until when it
   * rests (else null).
   */
  private Instant answers(
      List<Transport.Call> calls, List<Parcel> wave, Backoff backoff, List<Outcome> outcomes) {
    Instant restUntil = null;
    for (int i = 0; i < calls.size(); i++) {
      Parcel parcel = wave.get(i);
      AttemptResult result = transport.finish(calls.get(i));
      Instant at = clock.instant();
      Instant next = result.delivered() ? null : backoff.nextAttempt(at, parcel.attempt());
      outcomes.add(new Outcome(parcel, result, at, next));
      if (result.unreachable() && restUntil == null)
        restUntil = next != null ? next : at.plus(backoff.delayAfter(1));
    }
    return restUntil;
  }

  /**
   * One statement for the chunk's outcomes (with those of other nodes' chunks finished meanwhile,
   * {@link OutcomeRecorder}), or, when deliveries are given back, for the outcomes and those.
   */
  private void record(List<Outcome> outcomes, String claimant, List<Parcel> unsent, Instant dueAt) {
    if (unsent.isEmpty()) recorder.record(outcomes, claimant);
    else queue.record(outcomes, claimant, unsent, dueAt);
    for (Outcome outcome : outcomes)
      metrics.attempt(outcome.parcel(), outcome.result(), outcome.at());
  }

  /**
   * After a failure, the claimed deliveries not yet sent are due again at once, not when the lease
   * runs out.
   */
  private void giveBack(List<Parcel> unsent, String claimant, RuntimeException failure) {
    try {
      queue.release(unsent, claimant, clock.instant());
    } catch (RuntimeException e) {
      failure.addSuppressed(e); // the lease still returns them
    }
  }

  /**
   * Long enough for every wave of the chunk to reach its timeout, plus one timeout for the node
   * reads between waves and the record. A wave starts only while it can end within the lease.
   */
  static Duration lease(int size, Duration timeout) {
    return timeout.multipliedBy(waves(size) + 1L);
  }

  /**
   * The most waves a chunk takes: the run's first call alone, then up to {@link #IN_FLIGHT} at a
   * time.
   */
  static int waves(int size) {
    return size <= 1 ? size : 1 + (size - 1 + IN_FLIGHT - 1) / IN_FLIGHT;
  }
}
