package orchestrator.configuration;

/** Bad configuration: its message names the key or the file, and stops start-up. */
public class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
