package orchestrator.configuration;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Reads typed settings by key, with a default, and rejects a bad value with a message naming the
 * key and the value. Times are seconds, decimals allowed.
 */
public final class SettingsReader {
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private final Function<String, Optional<String>> source;

  public SettingsReader(Function<String, Optional<String>> source) {
    this.source = source;
  }

  public static SettingsReader of(Config config) {
    return new SettingsReader(key -> config.getOptionalValue(key, String.class));
  }

  /** Seconds ≥ 0. */
  public Duration seconds(String key, Duration defaultValue) {
    return seconds(key, defaultValue, false);
  }

  /** Seconds > 0. */
  public Duration positiveSeconds(String key, Duration defaultValue) {
    return seconds(key, defaultValue, true);
  }

  public int integer(String key, int defaultValue, int minimum) {
    Optional<String> raw = raw(key);
    if (raw.isEmpty()) return defaultValue;
    int value;
    try {
      value = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw invalid(key, raw.get(), "a whole number");
    }
    if (value < minimum) throw invalid(key, raw.get(), "a whole number of at least " + minimum);
    return value;
  }

  private Duration seconds(String key, Duration defaultValue, boolean positive) {
    Optional<String> raw = raw(key);
    if (raw.isEmpty()) return defaultValue;
    BigDecimal value;
    try {
      value = new BigDecimal(raw.get());
    } catch (NumberFormatException e) {
      throw invalid(key, raw.get(), "a number of seconds, such as 30 or 0.5");
    }
    if (value.signum() < 0 || (positive && value.signum() == 0)) {
      throw invalid(
          key,
          raw.get(),
          positive ? "a number of seconds greater than 0" : "a number of seconds of at least 0");
    }
    try {
      return Duration.ofNanos(value.multiply(NANOS_PER_SECOND).longValueExact());
    } catch (ArithmeticException e) {
      throw invalid(
          key, raw.get(), "a number of seconds with at most 9 decimals and below 9,000,000,000");
    }
  }

  private Optional<String> raw(String key) {
    return source.apply(key).map(String::trim);
  }

  private static ConfigurationException invalid(String key, String value, String expected) {
    return new ConfigurationException(
        "Invalid configuration: " + key + " = '" + value + "' must be " + expected + ".");
  }
}
