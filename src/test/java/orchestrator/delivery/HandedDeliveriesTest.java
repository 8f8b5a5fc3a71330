package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the intake hands to the workers, and when the dispatcher takes it. */
class HandedDeliveriesTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private final HandedDeliveries handed = new HandedDeliveries();

  @Test
  void aNodesHandedDeliveriesAreTakenOldestFirstWithTheEarliestLeaseEnd() {
    handed.add(
        List.of(parcel(1, "a", 10), parcel(2, "b", 10), parcel(3, "a", 10)), NOW.plusSeconds(60));
    handed.add(List.of(parcel(4, "a", 10)), NOW.plusSeconds(90));

    assertEquals(Set.of("a", "b"), handed.nodes());
    HandedDeliveries.Chunk first = handed.take("a", 2);
    assertEquals(List.of(1L, 3L), ids(first.parcels()));
    assertEquals(NOW.plusSeconds(60), first.leaseEnd());
    HandedDeliveries.Chunk second = handed.take("a", 2);
    assertEquals(List.of(4L), ids(second.parcels()));
    assertEquals(NOW.plusSeconds(90), second.leaseEnd());
    assertEquals(HandedDeliveries.Chunk.EMPTY, handed.take("a", 2));
    assertEquals(Set.of("b"), handed.nodes());
    assertEquals(List.of(2L), ids(handed.drain("b")));
    assertEquals(Set.of(), handed.nodes());
  }

  @Test
  void aNodeTakesNoMoreOnceItsCountOrItsBytesAreReached() {
    handed.add(List.of(parcel(1, "a", 10), parcel(2, "a", 10)), NOW);
    assertTrue(handed.hasRoom("a", 3));
    assertFalse(handed.hasRoom("a", 2));
    handed.add(List.of(parcel(3, "b", (int) HandedDeliveries.MAX_BYTES_PER_NODE)), NOW);
    assertFalse(handed.hasRoom("b", 100));
    handed.take("b", 1);
    assertTrue(handed.hasRoom("b", 100), "room again once taken");
  }

  @Test
  void noNodeTakesMoreOnceAllTogetherReachTheirLimit() {
    int perNode = (int) HandedDeliveries.MAX_BYTES_PER_NODE - 1; // each node under its own limit
    long nodes = HandedDeliveries.MAX_BYTES / perNode + 1;
    for (int i = 0; i < nodes; i++) handed.add(List.of(parcel(i, "n" + i, perNode)), NOW);
    assertFalse(handed.hasRoom("n0", 100));
    assertFalse(handed.hasRoom("other", 100), "not even a node with nothing waiting");
    handed.drain("n0");
    assertTrue(handed.hasRoom("other", 100), "room again once taken");
  }

  @Test
  void theDispatcherOffersOnlyNodesAWorkerWouldStartForNow() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.settings =
        new DeliverySettings(
            2,
            2,
            Duration.ofSeconds(30),
            Duration.ZERO,
            3,
            Duration.ofHours(1),
            Duration.ofSeconds(10));
    dispatcher.clock = Clock.systemUTC();
    dispatcher.handed.add(List.of(parcel(1, "full", 1), parcel(2, "full", 1)), NOW);

    Handover offer = dispatcher.offer(List.of("a", "full"), NOW);

    assertEquals(Set.of("a"), offer.nodes());
    assertEquals(dispatcher.claimant(), offer.claimant());
    assertEquals(
        NOW.plus(NodeWorker.lease(NodeWorker.CLAIM_CHUNK, Duration.ofSeconds(10))),
        offer.leaseEnd());
    dispatcher.suspend();
    assertEquals(
        Handover.NONE,
        dispatcher.offer(List.of("a"), NOW),
        "a suspended instance hands nothing to its workers");
  }

  private static Parcel parcel(long id, String node, int bodyBytes) {
    return new Parcel(
        id, UUID.randomUUID(), node, "e", "application/json", 1, new byte[bodyBytes], NOW);
  }

  private static List<Long> ids(List<Parcel> parcels) {
    return parcels.stream().map(Parcel::deliveryId).toList();
  }
}
