package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final Backoff thirtyThirty =
      new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 10);

  @Test
  void firstRetryWaitsOnlyTheFixedDelay() {
    assertEquals(Duration.ofSeconds(30), thirtyThirty.delayAfter(1));
  }

  @Test
  void retryWaitsFixedPlusProgressive() {
    assertEquals(Duration.ofSeconds(60), thirtyThirty.delayAfter(2));
    assertEquals(Duration.ofSeconds(90), thirtyThirty.delayAfter(3));
    assertEquals(Duration.ofSeconds(300), thirtyThirty.delayAfter(10));
  }

  @Test
  void fixedAndProgressiveDelaysAreAddedSeparately() {
    Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(20), 0);

    assertEquals(Duration.ofSeconds(5), backoff.delayAfter(1));
    assertEquals(Duration.ofSeconds(25), backoff.delayAfter(2));
    assertEquals(Duration.ofSeconds(45), backoff.delayAfter(3));
    assertEquals(Duration.ofSeconds(185), backoff.delayAfter(10));
  }

  @Test
  void decimalDurationsKeepTheirFractions() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofMillis(250), 10);

    assertEquals(Duration.ofMillis(500), backoff.delayAfter(1));
    assertEquals(Duration.ofMillis(750), backoff.delayAfter(2));
    assertEquals(Duration.ofMillis(1000), backoff.delayAfter(3));
    assertEquals(Duration.ofMillis(2750), backoff.delayAfter(10));
  }

  @Test
  void zeroProgressiveDelayWaitsTheSameEveryTime() {
    Backoff backoff = new Backoff(Duration.ofSeconds(7), Duration.ZERO, 0);

    assertEquals(Duration.ofSeconds(7), backoff.delayAfter(1));
    assertEquals(Duration.ofSeconds(7), backoff.delayAfter(10));
  }

  @Test
  void freezesExactlyWhenTheFailuresReachTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 3);

    assertFalse(backoff.freezes(1));
    assertFalse(backoff.freezes(2));
    assertTrue(backoff.freezes(3));
    assertTrue(backoff.freezes(4));
  }

  @Test
  void aMaximumOfOneFreezesAfterTheFirstFailure() {
    Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 1);

    assertTrue(backoff.freezes(1));
  }

  @Test
  void aMaximumOfZeroNeverFreezes() {
    Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 0);

    assertFalse(backoff.freezes(1));
    assertFalse(backoff.freezes(10));
    assertFalse(backoff.freezes(1_000_000));
    assertEquals(NOW.plusSeconds(30), backoff.nextAttempt(NOW, 1));
    assertEquals(NOW.plusSeconds(30 + 999_999L * 30), backoff.nextAttempt(NOW, 1_000_000));
  }

  @Test
  void nextAttemptIsNowPlusTheDelay() {
    assertEquals(Instant.parse("2024-05-01T12:00:30Z"), thirtyThirty.nextAttempt(NOW, 1));
    assertEquals(Instant.parse("2024-05-01T12:01:00Z"), thirtyThirty.nextAttempt(NOW, 2));
    assertEquals(Instant.parse("2024-05-01T12:01:30Z"), thirtyThirty.nextAttempt(NOW, 3));
    assertEquals(Instant.parse("2024-05-01T12:04:30Z"), thirtyThirty.nextAttempt(NOW, 9));
  }

  @Test
  void nextAttemptKeepsSubSecondDelays() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofMillis(250), 0);

    assertEquals(Instant.parse("2024-05-01T12:00:00.750Z"), backoff.nextAttempt(NOW, 2));
  }

  @Test
  void nextAttemptIsNullWhenTheDeliveryFreezes() {
    assertNull(thirtyThirty.nextAttempt(NOW, 10));
    assertNull(thirtyThirty.nextAttempt(NOW, 11));
  }

  @Test
  void ofTakesTheDelaysAndMaximumFromTheSettings() {
    DeliverySettings settings =
        new DeliverySettings(
            2,
            20,
            Duration.ofMillis(1500),
            Duration.ofSeconds(4),
            7,
            Duration.ofSeconds(60),
            Duration.ofSeconds(10));

    Backoff backoff = Backoff.of(settings);

    assertEquals(new Backoff(Duration.ofMillis(1500), Duration.ofSeconds(4), 7), backoff);
    assertEquals(Duration.ofMillis(5500), backoff.delayAfter(2));
    assertFalse(backoff.freezes(6));
    assertTrue(backoff.freezes(7));
  }
}
