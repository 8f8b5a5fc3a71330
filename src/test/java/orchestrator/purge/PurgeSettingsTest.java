package orchestrator.purge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import orchestrator.configuration.ConfigurationException;
import orchestrator.configuration.SettingsReader;
import org.junit.jupiter.api.Test;

class PurgeSettingsTest {

  private static PurgeSettings read(Map<String, String> values) {
    return PurgeSettings.read(new SettingsReader(key -> Optional.ofNullable(values.get(key))));
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    PurgeSettings settings = read(Map.of());

    assertEquals(Duration.ofSeconds(3600), settings.interval());
    assertEquals(Duration.ofSeconds(604800), settings.delivered());
    assertEquals(Duration.ofSeconds(2592000), settings.frozen());
    assertEquals(Duration.ofSeconds(604800), settings.log());
  }

  @Test
  void everyKeyIsRead() {
    PurgeSettings settings =
        read(
            Map.of(
                "purge.interval",
                "60",
                "purge.delivered",
                "1.5",
                "purge.frozen",
                "86400",
                "purge.log",
                "0"));

    assertEquals(
        new PurgeSettings(
            Duration.ofSeconds(60), Duration.ofMillis(1500), Duration.ofDays(1), Duration.ZERO),
        settings);
  }

  @Test
  void aZeroIntervalIsAccepted() {
    assertEquals(Duration.ZERO, read(Map.of("purge.interval", "0")).interval());
  }

  @Test
  void zeroRetentionsAreAccepted() {
    PurgeSettings settings =
        read(Map.of("purge.delivered", "0", "purge.frozen", "0", "purge.log", "0"));

    assertEquals(Duration.ZERO, settings.delivered());
    assertEquals(Duration.ZERO, settings.frozen());
    assertEquals(Duration.ZERO, settings.log());
  }

  @Test
  void aNegativeRetentionIsRejectedNamingTheKey() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> read(Map.of("purge.frozen", "-5")));

    assertTrue(e.getMessage().contains("purge.frozen"), e.getMessage());
    assertTrue(e.getMessage().contains("-5"), e.getMessage());
  }
}
