package orchestrator.configuration;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The YAML file as a MicroProfile ConfigSource, between the environment (300) and the built-in
 * defaults (100). A file that cannot be read contributes nothing here; {@link
 * ConfigurationCheck} reads it again at start-up and stops the deployment with its error.
 */
public class YamlConfigSource implements ConfigSource {
  static final int ORDINAL = 250;
  private final Map<String, String> properties;
  private final String name;

  public YamlConfigSource() {
    ConfigFile file;
    try {
      file = ConfigFile.fromEnvironment();
    } catch (ConfigurationException e) {
      file = ConfigFile.NONE;
    }
    this.properties = file.properties();
    this.name = "YAML file " + (file.path() == null ? "(none)" : file.path());
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
    return ORDINAL;
  }
}
