package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeStore;

/**
 * One run for one node: up to {@code delivery.batch} due deliveries, oldest due first, each sent
 * outside any transaction and recorded in a short transaction of its own.
 */
@ApplicationScoped
public class NodeWorker {
  /** Deliveries are claimed a few at a time, so a lease stays short if this instance dies. */
  static final int CLAIM_CHUNK = 10;
  /** How stale the node's row may be: a pause, a delete or an edit takes effect within this. */
  static final Duration NODE_FRESHNESS = Duration.ofMillis(250);

  /** How a run ended: normally, or with the node unreachable until {@code restUntil}. */
  public record Run(int attempted, Instant restUntil) {}

  @Inject DeliveryQueue queue;
  @Inject NodeStore nodes;
  @Inject Transport transport;
  @Inject DeliverySettings settings;
  @Inject DeliveryMetrics metrics;
  @Inject Clock clock;

  public Run run(String nodeId, String claimant) {
    Backoff backoff = Backoff.of(settings);
    int attempted = 0;
    Optional<Node> node = nodes.find(nodeId);
    Instant readAt = clock.instant();
    while (attempted < settings.batch()) {
      if (node.isEmpty() || node.get().paused()) break;
      int size = Math.min(CLAIM_CHUNK, settings.batch() - attempted);
      Instant now = clock.instant();
      List<Parcel> parcels = queue.claim(nodeId, size, now, now.plus(lease(size)), claimant);
      int unsent = 0; // parcels before this index were sent (their outcome recorded, or left to the lease)
      try {
        while (unsent < parcels.size()) {
          Parcel parcel = parcels.get(unsent);
          if (Duration.between(readAt, clock.instant()).compareTo(NODE_FRESHNESS) > 0) {
            node = nodes.find(nodeId);
            readAt = clock.instant();
            if (node.isEmpty() || node.get().paused()) {
              queue.release(parcels.subList(unsent, parcels.size()), claimant, clock.instant()); // due again when resumed
              return new Run(attempted, null);
            }
          }
          unsent++;
          AttemptResult result = transport.send(node.get(), parcel);
          attempted++;
          Instant at = clock.instant();
          Instant next = result.delivered() ? null : backoff.nextAttempt(at, parcel.attempt());
          if (result.delivered()) {
            queue.delivered(parcel, claimant, result, at);
          } else {
            queue.failed(parcel, claimant, result, at, next);
          }
          metrics.attempt(parcel, result, at);
          if (result.unreachable()) {
            // the rest is not tried in this run and is charged nothing; it waits with the failed one
            Instant restUntil = next != null ? next : at.plus(backoff.delayAfter(1));
            queue.release(parcels.subList(unsent, parcels.size()), claimant, restUntil);
            return new Run(attempted, restUntil);
          }
        }
      } catch (RuntimeException e) {
        giveBack(parcels.subList(unsent, parcels.size()), claimant, e);
        throw e;
      }
      if (parcels.size() < size) break;
      if (Duration.between(readAt, clock.instant()).compareTo(NODE_FRESHNESS) > 0) {
        node = nodes.find(nodeId);
        readAt = clock.instant();
      }
    }
    return new Run(attempted, null);
  }

  /** After a failure, the claimed deliveries not yet sent are due again at once, not when the lease runs out. */
  private void giveBack(List<Parcel> unsent, String claimant, RuntimeException failure) {
    try {
      queue.release(unsent, claimant, clock.instant());
    } catch (RuntimeException e) {
      failure.addSuppressed(e); // the lease still returns them
    }
  }

  /** Long enough for every claimed call to reach its timeout, plus one. */
  private Duration lease(int size) {
    return settings.timeout().multipliedBy(size + 1L);
  }
}
