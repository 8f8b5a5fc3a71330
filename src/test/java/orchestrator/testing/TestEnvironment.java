package orchestrator.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.UUID;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Set up once per integration-test run, before Arquillian boots Payara Micro: a database of its own
 * on the real PostgreSQL (dropped at the end), and a JWT key pair whose public half the server
 * trusts. Payara Micro gets both through its command line.
 */
public class TestEnvironment implements LauncherSessionListener {
  public static final String ADMIN_URL =
      System.getProperty("it.postgres", "jdbc:postgresql://127.0.0.1:5432/postgres");
  public static final String DB_USER = System.getProperty("it.postgres.user", "postgres");
  public static final String ISSUER = "https://issuer.it.invalid";

  private static String database;
  private static final java.util.List<String> extraDatabases =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private static KeyPair keys;
  private static Path publicKey;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getProperty("orchestrator.war") == null) return; // unit tests need none of this
    try {
      database = "orch_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      admin("create database " + database);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      keys = generator.generateKeyPair();
      publicKey = Path.of("target", "it", "jwt-public.pem").toAbsolutePath();
      Files.createDirectories(publicKey.getParent());
      Files.writeString(
          publicKey,
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n");
      System.setProperty("payara.cmdOptions", String.join(" ", serverOptions()));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot prepare the integration-test environment", e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (database == null) return;
    extraDatabases.add(database);
    for (String name : extraDatabases) {
      try {
        admin("drop database if exists " + name + " with (force)");
      } catch (SQLException e) {
        System.err.println("Could not drop test database " + name + ": " + e.getMessage());
      }
    }
  }

  /** JVM options of every Payara Micro the tests boot. */
  public static String[] serverOptions() {
    return new String[] {
      "-Xmx512m",
      "-Ddb.url=" + jdbcUrl(),
      "-Ddb.user=" + DB_USER,
      "-Dmp.jwt.verify.publickey.location=" + publicKey.toUri(),
      "-Dmp.jwt.verify.issuer=" + ISSUER,
      // beats the YAML file's 1000 (see it/application.yaml)
      "-Dintake.max-bytes=4096"
    };
  }

  public static String jdbcUrl() {
    return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database;
  }

  /**
   * Another empty database of this run, dropped with the others at the end; returns its JDBC URL.
   */
  public static String createDatabase() throws SQLException {
    String name = database + "_" + (extraDatabases.size() + 1);
    admin("create database " + name);
    extraDatabases.add(name);
    return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
  }

  /** The single number a query of a test's database returns. */
  public static long count(String jdbcUrl, String sql) throws SQLException {
    try (Connection connection = connect(jdbcUrl);
        Statement statement = connection.createStatement();
        java.sql.ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  public static Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, DB_USER, "");
  }

  /** The environment that points a server at a database and at the test key pair. */
  public static java.util.Map<String, String> serverEnvironment(String jdbcUrl) {
    return java.util.Map.of(
        "DB_URL", jdbcUrl,
        "DB_USER", DB_USER,
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey().toUri().toString(),
        "MP_JWT_VERIFY_ISSUER", ISSUER);
  }

  public static Path publicKey() {
    return publicKey;
  }

  static KeyPair keys() {
    return keys;
  }

  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), DB_USER, "");
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, DB_USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
