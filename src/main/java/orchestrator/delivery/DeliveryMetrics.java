package orchestrator.delivery;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeStore;
import orchestrator.platform.Metrics;

/**
 * The delivery figures on /metrics: attempts by node and outcome, call durations, the latency from
 * acceptance to delivery, and per node the pending and frozen counts and the age of the oldest
 * pending delivery (read from the database every 5 s, less often over a large backlog; not on every
 * scrape).
 */
@ApplicationScoped
public class DeliveryMetrics {
  private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class.getName());
  static final Duration REFRESH = Duration.ofSeconds(5);

  /**
   * Counting a node's open deliveries reads every one of them: over a large backlog the refresh
   * waits this many times as long as the last one took, so the counts never cost the database more
   * than about 2 % of its time.
   */
  static final int REFRESH_COST_FACTOR = 50;

  static final String PENDING = "orchestrator.deliveries.pending";
  static final String FROZEN = "orchestrator.deliveries.frozen";
  static final String OLDEST = "orchestrator.deliveries.oldest.pending.age";

  /** A node's figures as last read. */
  record NodeFigures(long pending, long frozen, double oldestPendingSeconds) {}

  @Inject Metrics metrics;
  @Inject DeliveryStore store;
  @Inject NodeStore nodes;
  @Inject Clock clock;
  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, NodeFigures> figures = new ConcurrentHashMap<>();
  private ScheduledFuture<?> refresher;
  private boolean stopped;

  /** Starts reading the per-node figures; called once at start-up. */
  public void start() {
    if (!metrics.published()) return; // no registry to show them: spare the database the reads
    scheduleRefresh(Duration.ZERO);
  }

  private synchronized void scheduleRefresh(Duration delay) {
    if (stopped) return;
    refresher =
        scheduler.schedule(
            () -> {
              long started = System.nanoTime();
              refresh();
              scheduleRefresh(nextRefreshAfter(Duration.ofNanos(System.nanoTime() - started)));
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** {@link #REFRESH}, or longer when the last refresh was slow. */
  static Duration nextRefreshAfter(Duration lastTook) {
    Duration scaled = lastTook.multipliedBy(REFRESH_COST_FACTOR);
    return scaled.compareTo(REFRESH) > 0 ? scaled : REFRESH;
  }

  /** Counts an attempt; a failure here is logged and never stops a delivery. */
  void attempt(Parcel parcel, AttemptResult result, Instant at) {
    try {
      metrics.increment(
          "orchestrator.delivery.attempts",
          "Delivery attempts by node and outcome",
          1,
          "node",
          parcel.node(),
          "outcome",
          result.delivered() ? "DELIVERED" : "FAILED");
      metrics.time(
          "orchestrator.delivery.call",
          "Duration of one HTTP delivery call",
          Duration.ofMillis(result.durationMs()),
          "node",
          parcel.node());
      if (result.delivered() && parcel.acceptedAt() != null) {
        metrics.time(
            "orchestrator.delivery.latency",
            "From a message's acceptance to its delivery to a node",
            Duration.between(parcel.acceptedAt(), at));
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Cannot count a delivery attempt in the metrics: " + e.getMessage(), e);
    }
  }

  void refresh() {
    try {
      Instant now = clock.instant();
      Map<String, DeliveryStore.Counts> counts = store.countsByNode();
      Map<String, Instant> oldest = store.oldestPendingByNode();
      Set<String> registered = nodes.all().stream().map(Node::id).collect(Collectors.toSet());
      Set<String> all = new HashSet<>(registered);
      all.addAll(counts.keySet()); // deliveries of deleted nodes still count
      all.addAll(figures.keySet());
      for (String node : all) {
        DeliveryStore.Counts c =
            counts.getOrDefault(node, registered.contains(node) ? DeliveryStore.Counts.NONE : null);
        if (c == null) {
          figures.remove(node);
          for (String name : new String[] {PENDING, FROZEN, OLDEST})
            metrics.remove(name, "node", node);
          continue;
        }
        Instant first = oldest.get(node);
        double age =
            first == null ? 0 : Math.max(0, Duration.between(first, now).toMillis() / 1000.0);
        if (figures.put(node, new NodeFigures(c.pending(), c.frozen(), age)) == null)
          register(node);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read the delivery figures now", e);
    }
  }

  private void register(String node) {
    metrics.gauge(
        PENDING, "PENDING deliveries of a node", null, () -> value(node).pending(), "node", node);
    metrics.gauge(
        FROZEN, "FROZEN deliveries of a node", null, () -> value(node).frozen(), "node", node);
    metrics.gauge(
        OLDEST,
        "Age of a node's oldest PENDING delivery",
        Metrics.SECONDS,
        () -> value(node).oldestPendingSeconds(),
        "node",
        node);
  }

  private NodeFigures value(String node) {
    return figures.getOrDefault(node, new NodeFigures(0, 0, 0));
  }

  @PreDestroy
  synchronized void stop() {
    stopped = true;
    if (refresher != null) refresher.cancel(false);
  }
}
