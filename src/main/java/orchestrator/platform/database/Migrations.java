package orchestrator.platform.database;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates or migrates the schema at start-up, before anything else touches the database. The
 * pooled, JTA-aware data source is declared here: its url, user and password are the MicroProfile
 * Config keys {@code db.url}, {@code db.user}, {@code db.password}.
 */
@DataSourceDefinition(
    name = Migrations.DATA_SOURCE,
    className = "orchestrator.platform.database.ConfiguredDataSource",
    url = "${MPCONFIG=db.url}",
    user = "${MPCONFIG=db.user}",
    password = "${MPCONFIG=db.password}",
    minPoolSize = 2,
    maxPoolSize = 32,
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
      // a connection is checked (a round trip) at most every 2 s, not at every transaction
      "fish.payara.validate-atmost-once-period-in-seconds=2",
      "fish.payara.fail-all-connections=true",
      // a request waits at most this long for a connection, then gets 503
      "fish.payara.max-wait-time-in-millis=5000"
    })
@Startup
@Singleton
@DependsOn("ConfigurationCheck")
@TransactionManagement(TransactionManagementType.BEAN) // Flyway runs its own transactions
public class Migrations {
  public static final String DATA_SOURCE = "java:app/jdbc/orchestrator";
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  @Inject DataSource dataSource;
  @Inject DataSources dataSources;

  @PostConstruct
  void migrate() {
    String url = connectedUrl();
    LOG.info("Database: " + url + ", through " + dataSources.describe() + ".");
    boolean h2 = url.startsWith("jdbc:h2:");
    if (h2) {
      LOG.warning(
          "Running on the embedded H2 database "
              + url
              + " - fine for a trial, not for production: set DB_URL, DB_USER and DB_PASSWORD to use PostgreSQL.");
    }
    Flyway flyway = flyway(dataSource, h2);
    int applied = flyway.migrate().migrationsExecuted;
    LOG.info(
        "Database schema at version "
            + flyway.info().current().getVersion()
            + " ("
            + applied
            + " migrations applied now).");
  }

  /** The product's migrations for this database; H2 gets no partial indexes. */
  public static Flyway flyway(DataSource dataSource, boolean h2) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        // partial indexes keep the queue's and the purge's indexes small on PostgreSQL; H2 has none
        .placeholders(
            Map.of(
                "pendingOnly", h2 ? "" : "where status = 'PENDING'",
                "deliveredOnly", h2 ? "" : "where status = 'DELIVERED'",
                "frozenOnly", h2 ? "" : "where status = 'FROZEN'",
                "openOnly", h2 ? "" : "where status <> 'DELIVERED'",
                "claimedOnly", h2 ? "" : "where claimed_by is not null"))
        .load();
  }

  private String connectedUrl() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getURL();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot connect to the database (db.url, or db.jndi): " + e.getMessage(), e);
    }
  }
}
