package orchestrator.nodes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import orchestrator.platform.Jsons;
import orchestrator.platform.database.Jdbc;
import orchestrator.routing.Candidate;

/** The node table. */
@ApplicationScoped
public class NodeStore {
  private static final String COLUMNS =
      "id, name, endpoint, enabled, paused, event_types, auth, secret";

  @Inject Jdbc jdbc;

  public List<Node> all() {
    return jdbc.list("select " + COLUMNS + " from node order by id", NodeStore::node);
  }

  /**
   * What routing and the intake need of every node, without reading and parsing its auth and
   * secret.
   */
  public List<Candidate> candidates() {
    return jdbc.list(
        "select id, enabled, event_types, paused from node order by id",
        row ->
            new Candidate(
                row.getString("id"),
                row.getBoolean("enabled"),
                eventTypes(row),
                row.getBoolean("paused")));
  }

  public List<Node> enabled() {
    return jdbc.list("select " + COLUMNS + " from node where enabled order by id", NodeStore::node);
  }

  public Optional<Node> find(String id) {
    return jdbc.one("select " + COLUMNS + " from node where id = ?", NodeStore::node, id);
  }

  /**
   * Locks the node's row for the rest of the transaction, so concurrent writes to one id queue up.
   */
  public Optional<Node> findForUpdate(String id) {
    return jdbc.one(
        "select " + COLUMNS + " from node where id = ? for update", NodeStore::node, id);
  }

  public void insert(Node node, Instant now) {
    jdbc.update(
        "insert into node (id, name, endpoint, enabled, paused, event_types, auth, secret, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        node.id(),
        node.name(),
        node.endpoint(),
        node.enabled(),
        node.paused(),
        NodeJson.eventTypes(node.eventTypes()).toString(),
        NodeJson.auth(node.auth(), false).toString(),
        node.secret(),
        now,
        now);
  }

  public void update(Node node, Instant now) {
    jdbc.update(
        "update node set name = ?, endpoint = ?, enabled = ?, paused = ?, event_types = ?, auth = ?, secret = ?, updated_at = ? where id = ?",
        node.name(),
        node.endpoint(),
        node.enabled(),
        node.paused(),
        NodeJson.eventTypes(node.eventTypes()).toString(),
        NodeJson.auth(node.auth(), false).toString(),
        node.secret(),
        now,
        node.id());
  }

  public boolean setPaused(String id, boolean paused, Instant now) {
    return jdbc.update("update node set paused = ?, updated_at = ? where id = ?", paused, now, id)
        == 1;
  }

  public boolean delete(String id) {
    return jdbc.update("delete from node where id = ?", id) == 1;
  }

  private static Node node(ResultSet row) throws SQLException {
    return node(row, "");
  }

  /**
   * The node's columns as a query of another table reads them along, each named with a prefix:
   * {@code select n.id node_id, n.name node_name, …} for the prefix {@code node_}.
   */
  public static String columns(String table, String prefix) {
    return Arrays.stream(COLUMNS.split(", "))
        .map(column -> table + "." + column + " " + prefix + column)
        .collect(Collectors.joining(", "));
  }

  /** The node in a row whose node columns carry the prefix of {@link #columns}. */
  public static Node node(ResultSet row, String prefix) throws SQLException {
    JsonObject auth = Jsons.reader(row.getString(prefix + "auth")).readObject();
    return new Node(
        row.getString(prefix + "id"),
        row.getString(prefix + "name"),
        row.getString(prefix + "endpoint"),
        row.getBoolean(prefix + "enabled"),
        row.getBoolean(prefix + "paused"),
        eventTypes(row, prefix),
        NodeJson.auth(auth),
        row.getString(prefix + "secret"));
  }

  private static List<String> eventTypes(ResultSet row) throws SQLException {
    return eventTypes(row, "");
  }

  private static List<String> eventTypes(ResultSet row, String prefix) throws SQLException {
    return Jsons.reader(row.getString(prefix + "event_types"))
        .readArray()
        .getValuesAs(JsonString.class)
        .stream()
        .map(JsonString::getString)
        .toList();
  }
}
