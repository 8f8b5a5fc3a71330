package orchestrator.purge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import orchestrator.platform.Metrics;

/**
 * One purge run (§3): messages whose every delivery is DELIVERED longer than {@code
 * purge.delivered} or FROZEN longer than {@code purge.frozen}, then delivery-log records older than
 * {@code purge.log}. A message with a PENDING delivery is never purged, nor one with a delivery
 * whose retention is 0 (keep). Works in bounded chunks, each its own transaction.
 */
@ApplicationScoped
public class Purge {
  private static final Logger LOG = Logger.getLogger(Purge.class.getName());
  static final int MESSAGE_CHUNK = 1000;
  static final int LOG_CHUNK = 5000;

  /** What one run deleted. */
  public record Report(long messages, long deliveries, long logRecords, int chunks, long millis) {}

  @Inject PurgeStore store;
  @Inject PurgeSettings settings;
  @Inject Metrics metrics;
  @Inject Clock clock;

  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Report last;

  /** Runs a purge unless one is running in this instance already; returns its report, or null. */
  public Report run() {
    if (!running.compareAndSet(false, true)) return null;
    try {
      return purge();
    } finally {
      running.set(false);
    }
  }

  private Report purge() {
    long started = System.nanoTime();
    Instant now = clock.instant();
    PurgeStore.Retention retention =
        new PurgeStore.Retention(cutoff(now, settings.delivered()), cutoff(now, settings.frozen()));
    long messages = 0;
    long deliveries = 0;
    long logRecords = 0;
    int chunks = 0;
    for (String status : new String[] {"DELIVERED", "FROZEN"}) {
      Instant cutoff = status.equals("DELIVERED") ? retention.delivered() : retention.frozen();
      if (cutoff == null) continue;
      PurgeStore.Cursor cursor = PurgeStore.Cursor.START;
      while (cursor != null) {
        PurgeStore.Chunk chunk =
            store.purgeMessages(status, cutoff, cursor, MESSAGE_CHUNK, retention);
        chunks++;
        messages += chunk.messages();
        deliveries += chunk.deliveries();
        cursor = chunk.next();
      }
    }
    Instant logCutoff = cutoff(now, settings.log());
    if (logCutoff != null) {
      for (int deleted = LOG_CHUNK; deleted == LOG_CHUNK; ) {
        deleted = store.purgeLog(logCutoff, LOG_CHUNK);
        chunks++;
        logRecords += deleted;
      }
    }
    Report report =
        new Report(
            messages, deliveries, logRecords, chunks, (System.nanoTime() - started) / 1_000_000);
    record(report);
    return report;
  }

  private void record(Report report) {
    metrics.increment("orchestrator.purge.messages", "Messages purged", report.messages());
    metrics.increment(
        "orchestrator.purge.deliveries",
        "Deliveries purged with their messages",
        report.deliveries());
    metrics.increment(
        "orchestrator.purge.log.records", "Delivery-log records purged", report.logRecords());
    metrics.increment("orchestrator.purge.runs", "Purge runs", 1);
    last = report;
    if (report.messages() + report.logRecords() > 0) {
      LOG.info(
          "Purge deleted "
              + report.messages()
              + " messages ("
              + report.deliveries()
              + " deliveries) and "
              + report.logRecords()
              + " delivery-log records in "
              + report.chunks()
              + " chunks, "
              + report.millis()
              + " ms.");
    }
  }

  /** Null when the retention is 0, which keeps everything. */
  private static Instant cutoff(Instant now, Duration retention) {
    return retention.isZero() ? null : now.minus(retention);
  }

  /** The report of the last run in this instance, or null before the first. */
  public Report last() {
    return last;
  }
}
