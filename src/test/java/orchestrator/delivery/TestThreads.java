package orchestrator.delivery;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The container's thread factory stood in for by plain daemon threads with a name, for tests
 * outside the container.
 */
final class TestThreads implements ManagedThreadFactory {
  private final String name;

  TestThreads(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
    return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
  }
}
