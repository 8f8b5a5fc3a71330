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
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The delivery figures on /metrics: attempts by node and outcome, call durations, the latency from
 * acceptance to delivery, and per node the pending and frozen counts and the age of the oldest
 * pending delivery (read from the database every few seconds, not on every scrape).
 */
@ApplicationScoped
public class DeliveryMetrics {
  private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class.getName());
  static final Duration REFRESH = Duration.ofSeconds(5);
  static final String PENDING = "orchestrator.deliveries.pending";
  static final String FROZEN = "orchestrator.deliveries.frozen";
  static final String OLDEST = "orchestrator.deliveries.oldest.pending.age";

  /** A node's figures as last read. */
  record NodeFigures(long pending, long frozen, double oldestPendingSeconds) {}

  @Inject MetricRegistry registry;
  @Inject DeliveryStore store;
  @Inject NodeStore nodes;
  @Inject Clock clock;
  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, NodeFigures> figures = new ConcurrentHashMap<>();
  private ScheduledFuture<?> refresher;

  /** Starts reading the per-node figures; called once at start-up. */
  public void start() {
    refresher = scheduler.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  void attempt(Parcel parcel, AttemptResult result, Instant at) {
    registry.counter(Metadata.builder().withName("orchestrator.delivery.attempts").withDescription("Delivery attempts by node and outcome").build(),
            new Tag("node", parcel.node()), new Tag("outcome", result.delivered() ? "DELIVERED" : "FAILED"))
        .inc();
    registry.timer(Metadata.builder().withName("orchestrator.delivery.call").withDescription("Duration of one HTTP delivery call").build(), new Tag("node", parcel.node()))
        .update(Duration.ofMillis(result.durationMs()));
    if (result.delivered() && parcel.acceptedAt() != null) {
      registry.timer(Metadata.builder().withName("orchestrator.delivery.latency").withDescription("From a message's acceptance to its delivery to a node").build())
          .update(Duration.between(parcel.acceptedAt(), at));
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
        DeliveryStore.Counts c = counts.getOrDefault(node, registered.contains(node) ? DeliveryStore.Counts.NONE : null);
        if (c == null) {
          figures.remove(node);
          for (String name : new String[] {PENDING, FROZEN, OLDEST}) registry.remove(new MetricID(name, new Tag("node", node)));
          continue;
        }
        Instant first = oldest.get(node);
        double age = first == null ? 0 : Math.max(0, Duration.between(first, now).toMillis() / 1000.0);
        if (figures.put(node, new NodeFigures(c.pending(), c.frozen(), age)) == null) register(node);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read the delivery figures now", e);
    }
  }

  private void register(String node) {
    Tag tag = new Tag("node", node);
    registry.gauge(Metadata.builder().withName(PENDING).withDescription("PENDING deliveries of a node").build(), () -> value(node).pending(), tag);
    registry.gauge(Metadata.builder().withName(FROZEN).withDescription("FROZEN deliveries of a node").build(), () -> value(node).frozen(), tag);
    registry.gauge(Metadata.builder().withName(OLDEST).withUnit(MetricUnits.SECONDS).withDescription("Age of a node's oldest PENDING delivery").build(),
        () -> value(node).oldestPendingSeconds(), tag);
  }

  private NodeFigures value(String node) {
    return figures.getOrDefault(node, new NodeFigures(0, 0, 0));
  }

  @PreDestroy
  void stop() {
    if (refresher != null) refresher.cancel(false);
  }
}
