package orchestrator.configuration;

/**
 * The YAML file as a MicroProfile ConfigSource, between the environment (300) and the built-in
 * defaults (100). A file that cannot be read contributes nothing here; {@link ConfigurationCheck}
 * reads it again at start-up and stops the deployment with its error.
 */
public class YamlConfigSource extends FixedConfigSource {
  static final int ORDINAL = 250;

  public YamlConfigSource() {
    this(readOrNone());
  }

  private YamlConfigSource(ConfigFile file) {
    super(
        "YAML file " + (file.path() == null ? "(none)" : file.path()), ORDINAL, file.properties());
  }

  private static ConfigFile readOrNone() {
    try {
      return ConfigFile.fromEnvironment();
    } catch (ConfigurationException e) {
      return ConfigFile.NONE;
    }
  }
}
