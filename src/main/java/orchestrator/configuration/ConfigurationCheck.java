package orchestrator.configuration;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * The first thing to run at start-up: a missing, unreadable or malformed configuration file, or an
 * invalid value, fails the deployment here with a message naming the file or the key.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class ConfigurationCheck {
  private static final Logger LOG = Logger.getLogger(ConfigurationCheck.class.getName());

  @Inject Settings settings;

  private ConfigFile file;

  @PostConstruct
  void check() {
    try {
      file = ConfigFile.fromEnvironment();
      settings.validateAll();
    } catch (ConfigurationException e) {
      LOG.severe(e.getMessage());
      throw e;
    }
    LOG.info(
        file.path() == null
            ? "No configuration file; using the environment and built-in defaults."
            : "Configuration file: " + file.path());
  }

  /** The file read at start-up, with its nodes. */
  public ConfigFile file() {
    return file;
  }
}
