package orchestrator.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The application's metrics, kept in the server's MicroProfile Metrics registry (on Payara, the
 * server's /metrics). A server without MicroProfile Metrics (WildFly 3x, which has Micrometer
 * instead) has no registry to inject: there every call here does nothing, and the log says so once
 * at start-up. Tags are given as name, value pairs.
 */
@ApplicationScoped
public class Metrics {
  private static final Logger LOG = Logger.getLogger(Metrics.class.getName());
  public static final String SECONDS = "seconds";

  @Inject Instance<MetricRegistry> registries;

  private MetricRegistry registry; // null: no MicroProfile Metrics on this server

  /** The counters and timers in use, so that each call does not go through the registry. */
  private final Map<MetricID, Metric> metrics = new ConcurrentHashMap<>();

  @PostConstruct
  void resolve() {
    if (registries.isResolvable()) {
      registry = registries.get();
    } else {
      LOG.info(
          "This server has no MicroProfile Metrics registry: the application's metrics are not published.");
    }
  }

  /** Whether the metrics go anywhere. */
  public boolean published() {
    return registry != null;
  }

  /** Adds to a counter. */
  public void increment(String name, String description, long amount, String... tags) {
    if (registry == null) return;
    Tag[] tagged = tags(tags);
    ((Counter)
            metrics.computeIfAbsent(
                new MetricID(name, tagged),
                id -> create(() -> registry.counter(metadata(name, description, null), tagged))))
        .inc(amount);
  }

  /** Records one duration in a timer. */
  public void time(String name, String description, Duration duration, String... tags) {
    if (registry == null) return;
    Tag[] tagged = tags(tags);
    ((Timer)
            metrics.computeIfAbsent(
                new MetricID(name, tagged),
                id -> create(() -> registry.timer(metadata(name, description, null), tagged))))
        .update(duration);
  }

  /**
   * Payara's registry is not safe for concurrent creation of one metric (its timer constructor
   * updates a plain HashMap: ConcurrentModificationException when several workers count their first
   * attempt at once), so creation is serialized; the metrics themselves are thread-safe.
   */
  private synchronized Metric create(Supplier<Metric> creation) {
    return creation.get();
  }

  /** Registers a gauge that reads its value from the supplier on each scrape; unit may be null. */
  public synchronized void gauge(
      String name,
      String description,
      String unit,
      Supplier<? extends Number> value,
      String... tags) {
    if (registry != null) registry.gauge(metadata(name, description, unit), value, tags(tags));
  }

  /** Removes a metric, for example the gauges of a deleted node. */
  public void remove(String name, String... tags) {
    if (registry == null) return;
    MetricID id = new MetricID(name, tags(tags));
    metrics.remove(id); // outside the lock: creation holds it inside the map's own
    synchronized (this) {
      registry.remove(id);
    }
  }

  private static Metadata metadata(String name, String description, String unit) {
    var builder = Metadata.builder().withName(name).withDescription(description);
    return (unit == null ? builder : builder.withUnit(unit)).build();
  }

  private static Tag[] tags(String[] pairs) {
    if (pairs.length % 2 != 0) throw new IllegalArgumentException("tags come in name, value pairs");
    Tag[] tags = new Tag[pairs.length / 2];
    for (int i = 0; i < tags.length; i++) tags[i] = new Tag(pairs[2 * i], pairs[2 * i + 1]);
    return tags;
  }
}
