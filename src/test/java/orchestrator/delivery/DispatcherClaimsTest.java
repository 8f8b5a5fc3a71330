package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
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
        Dispatchers.started(settings, firstDue::get, worker, new ScheduledThreadPoolExecutor(1));
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

  private static Parcel parcel(String node) {
    return new Parcel(
        1, UUID.randomUUID(), node, "e", "application/json", 1, new byte[1], Instant.now());
  }
}
