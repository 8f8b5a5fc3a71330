package orchestrator.configuration;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** A ConfigSource whose values are fixed when the application starts. */
abstract class FixedConfigSource implements ConfigSource {
  private final String name;
  private final int ordinal;
  private final Map<String, String> properties;

  FixedConfigSource(String name, int ordinal, Map<String, String> properties) {
    this.name = name;
    this.ordinal = ordinal;
    this.properties = Map.copyOf(properties);
  }

  @Override
  public Set<String> getPropertyNames() {
    return properties.keySet();
  }

  @Override
  public String getValue(String key) {
    return properties.get(key);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public int getOrdinal() {
    return ordinal;
  }
}
