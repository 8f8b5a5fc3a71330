package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A claim's lease covers the waves its chunk takes, not one call after another. */
class NodeWorkerLeaseTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @Test
  void theRunsFirstCallGoesAloneThenWavesOfInFlight() {
    assertEquals(0, NodeWorker.waves(0));
    assertEquals(1, NodeWorker.waves(1));
    assertEquals(2, NodeWorker.waves(2));
    assertEquals(2, NodeWorker.waves(1 + NodeWorker.IN_FLIGHT));
    assertEquals(3, NodeWorker.waves(2 + NodeWorker.IN_FLIGHT));
    assertEquals(11, NodeWorker.waves(50)); // 1 + 49 in waves of 5
  }

  @Test
  void aLeaseIsOneTimeoutPerWavePlusOne() {
    assertEquals(Duration.ofSeconds(120), NodeWorker.lease(NodeWorker.CLAIM_CHUNK, TEN_SECONDS));
    assertEquals(
        Duration.ofSeconds(6),
        NodeWorker.lease(
            2, Duration.ofSeconds(2))); // DeliveryProcessIT's crash waits for 3 x delivery.timeout
    assertEquals(Duration.ofSeconds(20), NodeWorker.lease(1, TEN_SECONDS));
  }
}
