package orchestrator.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import orchestrator.configuration.ConfigurationException;
import orchestrator.configuration.SettingsReader;
import org.junit.jupiter.api.Test;

class IntakeSettingsTest {

  private static IntakeSettings read(Map<String, String> values) {
    return IntakeSettings.read(new SettingsReader(key -> Optional.ofNullable(values.get(key))));
  }

  @Test
  void theDefaultMaximumIsOneMebibyte() {
    assertEquals(1048576, read(Map.of()).maxBytes());
  }

  @Test
  void theMaximumIsRead() {
    assertEquals(2048, read(Map.of("intake.max-bytes", "2048")).maxBytes());
  }

  @Test
  void aMaximumOfOneByteIsAccepted() {
    assertEquals(1, read(Map.of("intake.max-bytes", "1")).maxBytes());
  }

  @Test
  void aZeroMaximumIsRejectedNamingTheKey() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> read(Map.of("intake.max-bytes", "0")));

    assertTrue(e.getMessage().contains("intake.max-bytes"), e.getMessage());
  }
}
