package orchestrator.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parameter binding, on the embedded database (PostgreSQL runs the same statements in the
 * integration tests).
 */
class JdbcTest {
  private final Jdbc jdbc = new Jdbc();

  @BeforeEach
  void database() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    jdbc.dataSource = h2;
    jdbc.update("create table item (id bigint primary key, name varchar(20))");
    jdbc.batch(
        "insert into item values (?, ?)",
        List.of(new Object[] {1L, "one"}, new Object[] {2L, "two"}, new Object[] {3L, "three"}));
  }

  @Test
  void idsBoundAsOneArrayMatchExactlyThoseRows() {
    List<String> names =
        jdbc.list(
            "select name from item where id = any(?) order by id",
            row -> row.getString(1),
            Jdbc.bigints(List.of(3L, 1L, 99L)));
    assertEquals(List.of("one", "three"), names);
  }

  @Test
  void theSameStatementServesAnyNumberOfIds() {
    String sql = "update item set name = 'x' where id = any(?)";
    assertEquals(1, jdbc.update(sql, Jdbc.bigints(List.of(2L))));
    assertEquals(2, jdbc.update(sql, Jdbc.bigints(List.of(1L, 3L))));
    assertEquals(0, jdbc.update(sql, Jdbc.bigints(List.of())));
  }
}
