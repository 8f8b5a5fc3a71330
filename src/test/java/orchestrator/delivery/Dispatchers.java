package orchestrator.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A started {@link Dispatcher} outside the container, for tests of its bookkeeping: the round's
 * query answers what {@code firstDue} gives, and {@code worker} stands in for the node's runs.
 */
final class Dispatchers {
  private Dispatchers() {}

  static Dispatcher started(
      DeliverySettings settings,
      Supplier<Map<String, Instant>> firstDue,
      NodeWorker worker,
      ScheduledExecutorService wakeUps) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.threads = new TestThreads("dispatcher-test");
    dispatcher.wakeUps = wakeUps;
    dispatcher.settings = settings;
    dispatcher.clock = Clock.systemUTC();
    dispatcher.queue =
        new DeliveryQueue() {
          @Override
          public Map<String, Instant> firstDueByNode() {
            return firstDue.get();
          }

          @Override
          public int releaseAll(String claimant, Instant now) {
            return 0;
          }
        };
    dispatcher.worker = worker;
    dispatcher.createPool();
    return dispatcher;
  }
}
