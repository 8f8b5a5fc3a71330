package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeStore;

/**
 * One run for one node: up to {@code delivery.batch} due deliveries, oldest due first, sent outside
 * any transaction, up to {@link #IN_FLIGHT} at once; the outcomes of each claimed chunk are
 * recorded together in one short transaction.
 */
@ApplicationScoped
public class NodeWorker {
  /**
   * Deliveries claimed at a time. Each claim costs a statement, a commit and a walk over the dead
   * index entries at the head of the node's queue (until vacuum), and each chunk one transaction for
   * its outcomes: chunks of 10 made those the database's largest costs under load (docs/performance.md,
   * eighth round). The lease follows the chunk's waves, not its size.
   */
  static final int CLAIM_CHUNK = 50;
  /**
   * Calls to the node under way at once. The run's first call goes alone, so a node that is down
   * costs one attempt, not a wave of them; then waves of this many, each answered before the next.
   */
  static final int IN_FLIGHT = 5;
  /**
   * How stale the node's row may be while a claimed chunk is sent (each claim reads it afresh): a
   * pause, a delete or an edit takes effect within this.
   */
  static final Duration NODE_FRESHNESS = Duration.ofMillis(250);

  /** How a run ended: with the node unreachable until {@code restUntil} (else null), and what follows it. */
  public record Run(int attempted, Instant restUntil, Then then) {}

  /** What a finished run asks of the dispatcher. */
  public enum Then {
    /** Its last claim came back short and every attempt succeeded: nothing of the node is due, no retry to schedule. */
    NOTHING,
    /** It used its whole {@code delivery.batch} and every attempt succeeded: more may be due, no retry to schedule. */
    GO_ON,
    /** A round: a retry to schedule, a rest, a pause, or deliveries given back. */
    ROUND
  }

  @Inject DeliveryQueue queue;
  @Inject NodeStore nodes;
  @Inject Transport transport;
  @Inject DeliverySettings settings;
  @Inject DeliveryMetrics metrics;
  @Inject Clock clock;

  public Run run(String nodeId, String claimant) {
    Backoff backoff = Backoff.of(settings);
    int attempted = 0;
    boolean failed = false;
    while (attempted < settings.batch()) {
      int size = Math.min(CLAIM_CHUNK, settings.batch() - attempted);
      Instant now = clock.instant();
      // the claim reads the node too: a paused or deleted node gets nothing claimed, and a resume asks for a round
      Instant leaseEnd = now.plus(lease(size, settings.timeout()));
      DeliveryQueue.Claim claim = queue.claim(nodeId, size, now, leaseEnd, claimant);
      List<Parcel> parcels = claim.parcels();
      if (parcels.isEmpty()) return new Run(attempted, null, failed ? Then.ROUND : Then.NOTHING);
      Node node = claim.node();
      Instant readAt = now;
      List<Outcome> outcomes = new ArrayList<>(parcels.size());
      int unsent = 0; // parcels before this index were sent
      try {
        while (unsent < parcels.size()) {
          if (Duration.between(readAt, clock.instant()).compareTo(NODE_FRESHNESS) > 0) {
            Optional<Node> reread = nodes.find(nodeId);
            readAt = clock.instant();
            if (reread.isEmpty() || reread.get().paused()) {
              record(outcomes, claimant, parcels.subList(unsent, parcels.size()), clock.instant()); // the rest is due again when resumed
              return new Run(attempted, null, Then.ROUND);
            }
            node = reread.get();
          }
          if (clock.instant().plus(settings.timeout()).isAfter(leaseEnd)) {
            // slow database work ate the lease's spare time: a wave started now could still be under
            // way when the claim passes to someone else, so the rest is given back, due now
            record(outcomes, claimant, parcels.subList(unsent, parcels.size()), clock.instant());
            return new Run(attempted, null, Then.ROUND);
          }
          int width = attempted == 0 ? 1 : Math.min(IN_FLIGHT, parcels.size() - unsent);
          List<Transport.Call> calls = new ArrayList<>(width);
          while (calls.size() < width) {
            calls.add(transport.start(node, parcels.get(unsent)));
            unsent++; // under way: a failure from here on must not give it back while it may still arrive
          }
          Instant restUntil = answers(calls, parcels.subList(unsent - width, unsent), backoff, outcomes);
          attempted += width;
          if (restUntil != null) {
            // the rest is not tried in this run and is charged nothing; it waits with the failed one
            record(outcomes, claimant, parcels.subList(unsent, parcels.size()), restUntil);
            return new Run(attempted, restUntil, Then.ROUND);
          }
        }
        record(outcomes, claimant, List.of(), null);
      } catch (RuntimeException e) {
        // the sent ones whose outcome is not recorded wait for their lease (their calls may have arrived)
        giveBack(parcels.subList(unsent, parcels.size()), claimant, e);
        throw e;
      }
      failed |= outcomes.stream().anyMatch(outcome -> !outcome.result().delivered());
      if (parcels.size() < size) return new Run(attempted, null, failed ? Then.ROUND : Then.NOTHING);
    }
    return new Run(attempted, null, failed ? Then.ROUND : Then.GO_ON);
  }

  /** Reads the wave's answers into {@code outcomes}; if the node was unreachable, until when it rests (else null). */
  private Instant answers(List<Transport.Call> calls, List<Parcel> wave, Backoff backoff, List<Outcome> outcomes) {
    Instant restUntil = null;
    for (int i = 0; i < calls.size(); i++) {
      Parcel parcel = wave.get(i);
      AttemptResult result = transport.finish(calls.get(i));
      Instant at = clock.instant();
      Instant next = result.delivered() ? null : backoff.nextAttempt(at, parcel.attempt());
      outcomes.add(new Outcome(parcel, result, at, next));
      if (result.unreachable() && restUntil == null) restUntil = next != null ? next : at.plus(backoff.delayAfter(1));
    }
    return restUntil;
  }

  /** One transaction for the chunk's outcomes: a commit per chunk, not per delivery. */
  private void record(List<Outcome> outcomes, String claimant, List<Parcel> unsent, Instant dueAt) {
    queue.record(outcomes, claimant, unsent, dueAt);
    for (Outcome outcome : outcomes) metrics.attempt(outcome.parcel(), outcome.result(), outcome.at());
  }

  /** After a failure, the claimed deliveries not yet sent are due again at once, not when the lease runs out. */
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

  /** The most waves a chunk takes: the run's first call alone, then up to {@link #IN_FLIGHT} at a time. */
  static int waves(int size) {
    return size <= 1 ? size : 1 + (size - 1 + IN_FLIGHT - 1) / IN_FLIGHT;
  }
}
