package orchestrator.platform.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import orchestrator.configuration.ConfigurationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The data source the application works on: a server-managed one named by {@code db.jndi} (a JDBC
 * resource an operator tunes from the server's console), or else the application's own pool
 * configured by {@code db.url}, {@code db.user} and {@code db.password}.
 */
@ApplicationScoped
public class DataSources {

  @Resource(lookup = Migrations.DATA_SOURCE)
  DataSource own;

  @Inject
  @ConfigProperty(name = "db.jndi")
  Optional<String> jndi;

  @Produces
  @ApplicationScoped
  DataSource dataSource() {
    if (jndi.isEmpty() || jndi.get().isBlank()) return own;
    try {
      return (DataSource) new InitialContext().lookup(jndi.get().trim());
    } catch (NamingException | ClassCastException e) {
      throw new ConfigurationException(
          "Invalid configuration: db.jndi = '"
              + jndi.get()
              + "' does not name a JDBC DataSource of this server: "
              + e.getMessage(),
          e);
    }
  }

  /** Where the connections come from, for the log. */
  public String describe() {
    return jndi.filter(name -> !name.isBlank())
        .map(name -> "server-managed data source " + name)
        .orElse("the application's own pool (db.url)");
  }
}
