package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which worker runs claim from the database: those for new deliveries that were not handed over,
 * and the next run of a node whose run stopped with due work left; a run for handed deliveries
 * alone does not.
 */
class DispatcherClaimsTest {
  private record Started(String node, boolean claim, int handed) {}

  private final BlockingQueue<Started> runs = new LinkedBlockingQueue<>();
  private final BlockingQueue<NodeWorker.Run> results = new LinkedBlockingQueue<>();
  private final AtomicReference<Map<String, Instant>> firstDue = new AtomicReference<>(Map.of());

  /** While held, a round's query waits (up to 10 s): a slow database. */
  private volatile CountDownLatch queryHeld = new CountDownLatch(0);

  private final CountDownLatch queryStarted = new CountDownLatch(1);
  private Dispatcher dispatcher;

  @BeforeEach
  void start() {
    NodeWorker worker =
        new NodeWorker() {
          @Override
          public Run run(String nodeId, String claimant, boolean claim, HandedDeliveries handed) {
            runs.add(new Started(nodeId, claim, handed.drain(nodeId).size()));
            try {
              NodeWorker.Run result = results.poll(5, TimeUnit.SECONDS);
              return result != null ? result : new Run(0, null, Then.NOTHING, false);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return new Run(0, null, Then.NOTHING, false);
            }
          }
        };
    DeliverySettings settings =
        new DeliverySettings(
            4,
            5,
            Duration.ofSeconds(30),
            Duration.ZERO,
            3,
            Duration.ofHours(1),
            Duration.ofSeconds(10));
    dispatcher =
        Dispatchers.started(
            settings,
            () -> {
              queryStarted.countDown();
              try {
                queryHeld.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return firstDue.get();
            },
            worker,
            new ScheduledThreadPoolExecutor(1));
  }

  @AfterEach
  void stop() {
    dispatcher.stop();
  }

  @Test
  void aRunForHandedDeliveriesAloneDoesNotClaimOneForDeliveriesLeftInTheDatabaseDoes()
      throws Exception {
    Instant leaseEnd = Instant.now().plusSeconds(120);
    results.add(new NodeWorker.Run(1, null, NodeWorker.Then.NOTHING, false));
    dispatcher.onDue(DeliveriesDue.arrived(List.of(), List.of(parcel("a")), leaseEnd));
    assertEquals(new Started("a", false, 1), runs.poll(5, TimeUnit.SECONDS));

    results.add(new NodeWorker.Run(1, null, NodeWorker.Then.NOTHING, false));
    dispatcher.onDue(
        DeliveriesDue.arrived(
            List.of("b"), List.of(), null)); // not handed over: in the database only
    assertEquals(new Started("b", true, 0), runs.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void aRunThatUsedItsBatchWhileClaimingHasItsNodesNextRunClaimToo() throws Exception {
    results.add(new NodeWorker.Run(5, null, NodeWorker.Then.GO_ON, true));
    results.add(new NodeWorker.Run(2, null, NodeWorker.Then.NOTHING, false));
    dispatcher.onDue(DeliveriesDue.arrived(List.of("a"), List.of(), null));

    assertEquals(new Started("a", true, 0), runs.poll(5, TimeUnit.SECONDS));
    assertEquals(
        new Started("a", true, 0), runs.poll(5, TimeUnit.SECONDS), "the node goes on, claiming");
  }

  @Test
  void aNodeARoundFindsDueClaims() throws Exception {
    firstDue.set(Map.of("c", Instant.now().minusSeconds(1)));
    results.add(new NodeWorker.Run(1, null, NodeWorker.Then.NOTHING, false));

    dispatcher.round();

    assertEquals(new Started("c", true, 0), runs.poll(5, TimeUnit.SECONDS));
  }

  /**
   * A round waiting for its query does not hold up the workers of new deliveries: they are started
   * by the intake's thread, which would otherwise wait with them.
   */
  @Test
  void newDeliveriesStartTheirWorkerWhileARoundWaitsForItsQuery() throws Exception {
    queryHeld = new CountDownLatch(1);
    try {
      dispatcher.nudge();
      assertTrue(queryStarted.await(5, TimeUnit.SECONDS), "the round is querying");
      results.add(new NodeWorker.Run(1, null, NodeWorker.Then.NOTHING, false));
      Thread intake =
          new Thread(
              () ->
                  dispatcher.onDue(
                      DeliveriesDue.arrived(
                          List.of(), List.of(parcel("a")), Instant.now().plusSeconds(120))));
      intake.start();

      assertEquals(new Started("a", false, 1), runs.poll(2, TimeUnit.SECONDS));
      assertEquals(1, queryHeld.getCount(), "the round's query was still under way");
    } finally {
      queryHeld.countDown();
    }
  }

  private static Parcel parcel(String node) {
    return new Parcel(
        1, UUID.randomUUID(), node, "e", "application/json", 1, new byte[1], Instant.now());
  }
}
