package orchestrator.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

  private static SettingsReader reader(Map<String, String> values) {
    return new SettingsReader(key -> Optional.ofNullable(values.get(key)));
  }

  private static SettingsReader reader(String key, String value) {
    return reader(Map.of(key, value));
  }

  private static void assertNamesKeyAndValue(ConfigurationException e, String key, String value) {
    assertTrue(e.getMessage().contains(key), "message names the key: " + e.getMessage());
    assertTrue(
        e.getMessage().contains("'" + value + "'"), "message names the value: " + e.getMessage());
  }

  @Test
  void absentSecondsGiveTheDefault() {
    assertEquals(
        Duration.ofSeconds(42), reader(Map.of()).seconds("x.interval", Duration.ofSeconds(42)));
    assertEquals(
        Duration.ofSeconds(42),
        reader(Map.of()).positiveSeconds("x.interval", Duration.ofSeconds(42)));
  }

  @Test
  void wholeSecondsAreRead() {
    assertEquals(
        Duration.ofSeconds(30), reader("x.interval", "30").seconds("x.interval", Duration.ZERO));
  }

  @Test
  void decimalSecondsBecomeMilliseconds() {
    assertEquals(
        Duration.ofMillis(500), reader("x.interval", "0.5").seconds("x.interval", Duration.ZERO));
    assertEquals(
        Duration.ofMillis(1250), reader("x.interval", "1.25").seconds("x.interval", Duration.ZERO));
    assertEquals(
        Duration.ofNanos(1),
        reader("x.interval", "0.000000001").seconds("x.interval", Duration.ZERO));
  }

  @Test
  void surroundingSpacesAreIgnored() {
    assertEquals(
        Duration.ofSeconds(5), reader("x.interval", " 5 ").seconds("x.interval", Duration.ZERO));
    assertEquals(7, reader("x.count", " 7\t").integer("x.count", 1, 0));
  }

  @Test
  void zeroSecondsAreAllowedWhereNotRequiredPositive() {
    assertEquals(
        Duration.ZERO, reader("x.interval", "0").seconds("x.interval", Duration.ofSeconds(9)));
  }

  @Test
  void negativeSecondsAreRejectedNamingKeyAndValue() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("purge.interval", "-1").seconds("purge.interval", Duration.ZERO));

    assertNamesKeyAndValue(e, "purge.interval", "-1");
  }

  @Test
  void nonNumericSecondsAreRejectedNamingKeyAndValue() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("delivery.timeout", "abc").seconds("delivery.timeout", Duration.ZERO));

    assertNamesKeyAndValue(e, "delivery.timeout", "abc");
  }

  @Test
  void secondsWithAUnitSuffixAreRejected() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("delivery.timeout", "10s").seconds("delivery.timeout", Duration.ZERO));

    assertNamesKeyAndValue(e, "delivery.timeout", "10s");
  }

  @Test
  void anEmptyValueIsRejectedRatherThanDefaulted() {
    assertThrows(
        ConfigurationException.class,
        () -> reader("delivery.timeout", "").seconds("delivery.timeout", Duration.ofSeconds(10)));
    assertThrows(
        ConfigurationException.class,
        () -> reader("delivery.batch", "").integer("delivery.batch", 100, 1));
  }

  @Test
  void moreThanNanosecondPrecisionIsRejected() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("x.interval", "0.0000000001").seconds("x.interval", Duration.ZERO));

    assertNamesKeyAndValue(e, "x.interval", "0.0000000001");
  }

  @Test
  void secondsTooLargeForADurationAreRejected() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("x.interval", "1e30").seconds("x.interval", Duration.ZERO));

    assertNamesKeyAndValue(e, "x.interval", "1e30");
  }

  @Test
  void positiveSecondsRejectZero() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                reader("delivery.interval", "0")
                    .positiveSeconds("delivery.interval", Duration.ofSeconds(60)));

    assertNamesKeyAndValue(e, "delivery.interval", "0");
  }

  @Test
  void positiveSecondsRejectADecimalZero() {
    assertThrows(
        ConfigurationException.class,
        () ->
            reader("delivery.interval", "0.0")
                .positiveSeconds("delivery.interval", Duration.ofSeconds(60)));
  }

  @Test
  void positiveSecondsAcceptAFraction() {
    assertEquals(
        Duration.ofMillis(100),
        reader("delivery.interval", "0.1")
            .positiveSeconds("delivery.interval", Duration.ofSeconds(60)));
  }

  @Test
  void absentIntegerGivesTheDefault() {
    assertEquals(4, reader(Map.of()).integer("delivery.startup.workers", 4, 1));
  }

  @Test
  void integerAtTheMinimumIsAccepted() {
    assertEquals(
        1, reader("delivery.startup.workers", "1").integer("delivery.startup.workers", 4, 1));
  }

  @Test
  void integerBelowTheMinimumIsRejectedNamingKeyAndValue() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                reader("delivery.startup.workers", "0").integer("delivery.startup.workers", 4, 1));

    assertNamesKeyAndValue(e, "delivery.startup.workers", "0");
  }

  @Test
  void nonIntegerIsRejectedNamingKeyAndValue() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("delivery.batch", "2.5").integer("delivery.batch", 100, 1));

    assertNamesKeyAndValue(e, "delivery.batch", "2.5");
  }

  @Test
  void textIsNotAnInteger() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("delivery.batch", "many").integer("delivery.batch", 100, 1));

    assertNamesKeyAndValue(e, "delivery.batch", "many");
  }

  @Test
  void integerBeyondIntRangeIsRejected() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reader("intake.max-bytes", "99999999999").integer("intake.max-bytes", 1, 1));

    assertNamesKeyAndValue(e, "intake.max-bytes", "99999999999");
  }
}
