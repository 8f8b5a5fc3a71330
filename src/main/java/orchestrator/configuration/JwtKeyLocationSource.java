package orchestrator.configuration;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lets {@code mp.jwt.verify.publickey.location} be a plain file path, as the contract allows: the
 * server's MP JWT only loads URLs, so a path given anywhere (system property, environment, YAML
 * file) is offered again as its {@code file:} URL, above every other source.
 */
public class JwtKeyLocationSource extends FixedConfigSource {
  static final String KEY = "mp.jwt.verify.publickey.location";
  static final String VARIABLE = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";
  private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
  static final int ORDINAL = 500;

  public JwtKeyLocationSource() {
    super("MP JWT key path as file: URL", ORDINAL, asProperties(configuredLocation()));
  }

  private static String configuredLocation() {
    String location = System.getProperty(KEY);
    if (location == null) location = System.getenv(VARIABLE);
    return location != null ? location : yamlValue();
  }

  private static Map<String, String> asProperties(String location) {
    String url = asUrl(location);
    return url == null ? Map.of() : Map.of(KEY, url);
  }

  /** The file: URL of a plain path, or null when the location is absent or already a URL. */
  static String asUrl(String location) {
    if (location == null || location.isBlank() || HAS_SCHEME.matcher(location.trim()).matches())
      return null;
    return Path.of(location.trim()).toAbsolutePath().toUri().toString();
  }

  private static String yamlValue() {
    try {
      return ConfigFile.fromEnvironment().properties().get(KEY);
    } catch (ConfigurationException e) {
      return null; // reported by ConfigurationCheck
    }
  }
}
