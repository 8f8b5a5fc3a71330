package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {

  @Test
  void aQuickRefreshRunsEveryFiveSeconds() {
    assertEquals(Duration.ofSeconds(5), DeliveryMetrics.nextRefreshAfter(Duration.ofMillis(3)));
    assertEquals(Duration.ofSeconds(5), DeliveryMetrics.nextRefreshAfter(Duration.ofMillis(100)));
  }

  @Test
  void aSlowRefreshWaitsFiftyTimesAsLongAsItTook() {
    assertEquals(Duration.ofSeconds(12), DeliveryMetrics.nextRefreshAfter(Duration.ofMillis(240)));
    assertEquals(
        Duration.ofSeconds(120), DeliveryMetrics.nextRefreshAfter(Duration.ofMillis(2400)));
  }
}
