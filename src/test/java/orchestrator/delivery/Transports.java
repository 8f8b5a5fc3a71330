package orchestrator.delivery;

import java.time.Clock;

/**
 * A {@link Transport} outside the container, started on daemon threads of its own, for tests that
 * make real calls.
 */
final class Transports {
  private Transports() {}

  static Transport started(DeliverySettings settings, String threadName) {
    Transport transport = new Transport();
    transport.settings = settings;
    transport.clock = Clock.systemUTC();
    transport.threads = new TestThreads(threadName);
    transport.createPool();
    return transport;
  }
}
