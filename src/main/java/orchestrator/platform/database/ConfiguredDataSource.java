package orchestrator.platform.database;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The driver behind the application's connection pool. The server's pool sets url, user and
 * password from {@code db.url}, {@code db.user} and {@code db.password} (Payara resolves {@code
 * ${MPCONFIG=...}}). A value the server left empty or unresolved (WildFly passes the expression on
 * as it is) is read from MicroProfile Config here instead; with no url at all, the embedded
 * database is used.
 */
public class ConfiguredDataSource implements DataSource {
  private String url;
  private String user;
  private String password;
  private int loginTimeout;

  public static String embeddedUrl() {
    Path folder =
        Path.of(System.getProperty("java.io.tmpdir"), "distribution-orchestrator", "embedded");
    return "jdbc:h2:file:"
        + folder.toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE"; // AUTO_SERVER: several processes on one machine may share it
  }

  /** The url in force: the configured one, or the embedded database's. */
  public String effectiveUrl() {
    String configured = configuredUrl();
    return configured != null ? configured : embeddedUrl();
  }

  /** db.url as given by the server or else by MicroProfile Config; null when neither has one. */
  private String configuredUrl() {
    String configured = orConfig(url, "db.url");
    return isSet(configured) ? configured.trim() : null;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String username, String secret) throws SQLException {
    String configured = configuredUrl();
    String target = configured != null ? configured : embeddedUrl();
    Properties properties = new Properties();
    if (configured != null) {
      String name = orConfig(username, "db.user");
      String word = orConfig(secret, "db.password");
      if (isSet(name)) properties.setProperty("user", name);
      if (isSet(word)) properties.setProperty("password", word);
      // a JDBC batch of inserts goes to PostgreSQL as multi-row inserts (a parameter in db.url
      // wins)
      if (target.startsWith("jdbc:postgresql:"))
        properties.setProperty("reWriteBatchedInserts", "true");
    }
    Connection connection = driverFor(target).connect(target, properties);
    if (connection == null)
      throw new SQLException("db.url is not a JDBC URL this service supports: " + target);
    return connection;
  }

  private static Driver driverFor(String target) throws SQLException {
    if (target.startsWith("jdbc:postgresql:")) return new org.postgresql.Driver();
    if (target.startsWith("jdbc:h2:")) return new org.h2.Driver();
    throw new SQLException(
        "db.url must start with jdbc:postgresql: (or jdbc:h2: for trials), got: " + target,
        "08001");
  }

  /**
   * The value given, or when that is unset or unresolved, the MicroProfile Config key's (or null).
   */
  private static String orConfig(String given, String key) {
    if (isSet(given)) return given;
    try {
      return ConfigProvider.getConfig(ConfiguredDataSource.class.getClassLoader())
          .getOptionalValue(key, String.class)
          .orElse(null);
    } catch (RuntimeException e) {
      return null; // no MicroProfile Config here: as if unset
    }
  }

  /** Unset, or left as the unresolved ${MPCONFIG=...} expression by the server. */
  private static boolean isSet(String value) {
    return value != null && !value.isBlank() && !value.startsWith("${");
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public void setURL(String url) {
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getUser() {
    return user;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) return type.cast(this);
    throw new SQLException("not a wrapper of " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
