package orchestrator.delivery;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Clock;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** A {@link Transport} outside the container, started on daemon threads of its own, for tests that make real calls. */
final class Transports {
  private Transports() {}

  static Transport started(DeliverySettings settings, String threadName) {
    Transport transport = new Transport();
    transport.settings = settings;
    transport.clock = Clock.systemUTC();
    transport.threads = new ManagedThreadFactory() {
      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        return thread;
      }

      @Override
      public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      }
    };
    transport.createPool();
    return transport;
  }
}
