package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's wake-ups on a real scheduler, with a queue and a worker standing in for the
 * database and the node: a delivery that falls due gets its round when nothing else would nudge.
 */
class DispatcherWakeUpTest {
  /**
   * How long a wake-up's task goes on after its nudge: the window in which its future is not yet
   * done, made wide.
   */
  private static final long TASK_TAIL_MS = 300;

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final AtomicReference<Instant> firstDue = new AtomicReference<>();
  private final CountDownLatch workerRan = new CountDownLatch(1);
  private Dispatcher dispatcher;

  @AfterEach
  void stop() {
    dispatcher.stop();
    timer.shutdownNow();
  }

  /**
   * A wake-up finds nothing due yet (the node it was set for rests longer, or the clock is a little
   * behind the timer): the round it runs sets the next one while the first's task has not ended.
   */
  @Test
  void aRoundRunByAWakeUpSetsTheNextWakeUpWhileTheFirstIsStillEnding() throws Exception {
    Instant now = Instant.now();
    firstDue.set(now.plusMillis(200));
    dispatcher.round(); // sets a wake-up at +200 ms
    firstDue.set(now.plusMillis(500)); // by then, the delivery is due later

    assertTrue(
        workerRan.await(3, TimeUnit.SECONDS),
        "a round ran when the delivery fell due, and started its worker");
    assertFalse(Instant.now().isBefore(now.plusMillis(500)), "not before it was due");
  }

  @Test
  void aWakeUpIsNeverSetBeforeItsTime() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(1000, Dispatcher.millisUntil(now, now.plusMillis(1000)));
    assertEquals(1000, Dispatcher.millisUntil(now, now.plusNanos(999_000_001)));
    assertEquals(1, Dispatcher.millisUntil(now, now.plusNanos(1)));
    assertEquals(0, Dispatcher.millisUntil(now, now.minusMillis(5)));
  }

  @BeforeEach
  void start() {
    NodeWorker worker =
        new NodeWorker() {
          @Override
          public Run run(String nodeId, String claimant, boolean claim, HandedDeliveries handed) {
            firstDue.set(Instant.now().plus(Duration.ofHours(1)));
            workerRan.countDown();
            return new Run(1, null, Then.NOTHING, false);
          }
        };
    DeliverySettings settings =
        new DeliverySettings(
            2,
            5,
            Duration.ofSeconds(1),
            Duration.ZERO,
            3,
            Duration.ofHours(1),
            Duration.ofSeconds(1));
    dispatcher =
        Dispatchers.started(settings, () -> Map.of("n", firstDue.get()), worker, timerWithATail());
  }

  /**
   * A timer whose tasks go on for {@link #TASK_TAIL_MS} after they ran: their futures are not done
   * meanwhile.
   */
  private ScheduledExecutorService timerWithATail() {
    return (ScheduledExecutorService)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ScheduledExecutorService.class},
            (proxy, method, args) -> {
              if (method.getName().equals("schedule") && args[0] instanceof Runnable task) {
                return timer.schedule(
                    () -> {
                      task.run();
                      sleep(TASK_TAIL_MS);
                    },
                    (Long) args[1],
                    (TimeUnit) args[2]);
              }
              return invoke(timer, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
