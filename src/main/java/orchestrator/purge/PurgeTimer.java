package orchestrator.purge;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs the purge every {@code purge.interval} seconds; with 0, no timer exists at all. */
@Startup
@Singleton
@DependsOn("Migrations")
@TransactionManagement(
    TransactionManagementType.BEAN) // each chunk is its own transaction (Transactions)
public class PurgeTimer {
  private static final Logger LOG = Logger.getLogger(PurgeTimer.class.getName());

  @Resource TimerService timers;
  @Inject Purge purge;
  @Inject PurgeSettings settings;

  @PostConstruct
  void start() {
    if (settings.interval().isZero()) {
      LOG.info("Purge disabled (purge.interval = 0): no purge timer is created.");
      return;
    }
    long interval = Math.max(1, settings.interval().toMillis());
    timers.createIntervalTimer(interval, interval, new TimerConfig("purge", false));
    LOG.info(
        "Purge every "
            + interval
            + " ms: delivered after "
            + settings.delivered().toSeconds()
            + " s, frozen after "
            + settings.frozen().toSeconds()
            + " s, delivery log after "
            + settings.log().toSeconds()
            + " s (0 = keep).");
  }

  @Timeout
  void tick() {
    try {
      purge.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Purge failed; the next run tries again: " + e.getMessage(), e);
    }
  }
}
