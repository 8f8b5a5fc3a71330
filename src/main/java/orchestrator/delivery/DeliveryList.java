package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import orchestrator.platform.JsonFields;
import orchestrator.platform.Jsons;
import orchestrator.platform.database.Jdbc;

/** GET /api/deliveries: newest first, filtered, in pages whose cursor is the last delivery's id. */
@ApplicationScoped
public class DeliveryList {

  /** A validated query. {@code after} is the cursor of the previous page, or null. */
  public record Query(
      DeliveryStatus status, String node, String eventType, int limit, Long after) {}

  @Inject Jdbc jdbc;

  public JsonObject page(Query query) {
    StringBuilder sql =
        new StringBuilder(
            "select d.id, d.message_id, d.node_id, m.event_type, d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.delivered_at, d.frozen_at"
                + " from delivery d join message m on m.id = d.message_id where 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (query.status() != null) {
      sql.append(" and d.status = ?");
      parameters.add(query.status().name());
    }
    if (query.node() != null) {
      sql.append(" and d.node_id = ?");
      parameters.add(query.node());
    }
    if (query.eventType() != null) {
      sql.append(" and m.event_type = ?");
      parameters.add(query.eventType());
    }
    if (query.after() != null) {
      sql.append(" and d.id < ?");
      parameters.add(query.after());
    }
    sql.append(" order by d.id desc limit ?");
    parameters.add(query.limit() + 1); // one more tells whether a next page exists
    record Row(long id, JsonObject item) {}
    List<Row> rows =
        jdbc.list(
            sql.toString(),
            row -> {
              JsonObjectBuilder item =
                  Jsons.object()
                      .add("messageId", row.getObject("message_id").toString())
                      .add("node", row.getString("node_id"))
                      .add("eventType", row.getString("event_type"))
                      .add("status", row.getString("status"))
                      .add("attempts", row.getInt("attempts"));
              JsonFields.add(item, "nextAttemptAt", Jdbc.instant(row, "next_attempt_at"));
              JsonFields.add(item, "lastError", row.getString("last_error"));
              JsonFields.add(item, "createdAt", Jdbc.instant(row, "created_at"));
              JsonFields.add(item, "deliveredAt", Jdbc.instant(row, "delivered_at"));
              JsonFields.add(item, "frozenAt", Jdbc.instant(row, "frozen_at"));
              return new Row(row.getLong("id"), item.build());
            },
            parameters.toArray());
    JsonArrayBuilder items = Jsons.array();
    rows.stream().limit(query.limit()).forEach(row -> items.add(row.item()));
    JsonObjectBuilder page = Jsons.object().add("items", items);
    if (rows.size() > query.limit())
      page.add("next", String.valueOf(rows.get(query.limit() - 1).id()));
    else page.addNull("next");
    return page.build();
  }
}
