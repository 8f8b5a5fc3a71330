package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import orchestrator.configuration.ConfigurationException;
import orchestrator.configuration.SettingsReader;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

  private static DeliverySettings read(Map<String, String> values) {
    return DeliverySettings.read(new SettingsReader(key -> Optional.ofNullable(values.get(key))));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    DeliverySettings settings = read(Map.of());

    assertEquals(4, settings.workers());
    assertEquals(100, settings.batch());
    assertEquals(Duration.ofSeconds(30), settings.fixedDelay());
    assertEquals(Duration.ofSeconds(30), settings.progressiveDelay());
    assertEquals(10, settings.maxAttempts());
    assertEquals(Duration.ofSeconds(60), settings.interval());
    assertEquals(Duration.ofSeconds(10), settings.timeout());
  }

  @Test
  void everyKeyIsRead() {
    DeliverySettings settings =
        read(
            Map.of(
                "delivery.startup.workers", "2",
                "delivery.batch", "20",
                "delivery.retry.delay.fixed", "1.5",
                "delivery.retry.delay.progressive", "0",
                "delivery.retry.max", "3",
                "delivery.interval", "0.25",
                "delivery.timeout", "5"));

    assertEquals(
        new DeliverySettings(
            2,
            20,
            Duration.ofMillis(1500),
            Duration.ZERO,
            3,
            Duration.ofMillis(250),
            Duration.ofSeconds(5)),
        settings);
  }

  @Test
  void zeroWorkersAreRejected() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> read(Map.of("delivery.startup.workers", "0")));

    assertTrue(e.getMessage().contains("delivery.startup.workers"), e.getMessage());
  }

  @Test
  void aZeroBatchIsRejected() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> read(Map.of("delivery.batch", "0")));

    assertTrue(e.getMessage().contains("delivery.batch"), e.getMessage());
  }

  @Test
  void zeroRetriesAreAccepted() {
    assertEquals(0, read(Map.of("delivery.retry.max", "0")).maxAttempts());
  }

  @Test
  void negativeRetriesAreRejected() {
    assertThrows(ConfigurationException.class, () -> read(Map.of("delivery.retry.max", "-1")));
  }

  @Test
  void zeroRetryDelaysAreAccepted() {
    DeliverySettings settings =
        read(Map.of("delivery.retry.delay.fixed", "0", "delivery.retry.delay.progressive", "0"));

    assertEquals(Duration.ZERO, settings.fixedDelay());
    assertEquals(Duration.ZERO, settings.progressiveDelay());
  }

  @Test
  void aZeroIntervalIsRejected() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> read(Map.of("delivery.interval", "0")));

    assertTrue(e.getMessage().contains("delivery.interval"), e.getMessage());
  }

  @Test
  void aZeroTimeoutIsRejected() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> read(Map.of("delivery.timeout", "0")));

    assertTrue(e.getMessage().contains("delivery.timeout"), e.getMessage());
  }
}
