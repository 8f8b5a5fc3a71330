package orchestrator.delivery;

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
import java.util.logging.Logger;

/**
 * The safety net: a delivery round every {@code delivery.interval} seconds, whatever else happens.
 * A programmatic timer, since {@code @Schedule} cannot take a configured interval.
 */
@Startup
@Singleton
@DependsOn("ConfiguredNodes") // the end of the start-up chain: configuration, schema, nodes
@TransactionManagement(TransactionManagementType.BEAN) // no container transaction: see Transactions
public class DeliveryTimer {
  private static final Logger LOG = Logger.getLogger(DeliveryTimer.class.getName());
  private static final long FIRST_ROUND_MS = 1000;

  @Resource TimerService timers;
  @Inject Dispatcher dispatcher;
  @Inject DeliverySettings settings;
  @Inject DeliveryMetrics metrics;

  @PostConstruct
  void start() {
    long interval = Math.max(1, settings.interval().toMillis());
    timers.createIntervalTimer(FIRST_ROUND_MS, interval, new TimerConfig("delivery round", false));
    metrics.start();
    LOG.info(
        "Delivery rounds every "
            + interval
            + " ms, with up to "
            + settings.workers()
            + " node workers of "
            + settings.batch()
            + " deliveries each.");
  }

  @Timeout
  void tick() {
    dispatcher.nudge();
  }
}
