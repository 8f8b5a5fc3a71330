package orchestrator.platform.database;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The product's {@link Jdbc} over a new in-memory H2 database at the product's schema, as the
 * service runs without PostgreSQL.
 */
public final class EmbeddedDatabase {
  private EmbeddedDatabase() {}

  public static Jdbc migrated() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Migrations.flyway(h2, true).migrate();
    Jdbc jdbc = new Jdbc();
    jdbc.dataSource = h2;
    return jdbc;
  }
}
