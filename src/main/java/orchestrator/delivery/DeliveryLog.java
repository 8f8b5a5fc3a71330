package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.UUID;
import orchestrator.platform.JsonFields;
import orchestrator.platform.Jsons;
import orchestrator.platform.database.Jdbc;

/** The delivery log: every attempt of a message, oldest first (§6 attempts). */
@ApplicationScoped
public class DeliveryLog {

  @Inject Jdbc jdbc;

  public JsonArray attemptsOf(UUID messageId) {
    JsonArrayBuilder attempts = Jsons.array();
    jdbc.list(
            "select node_id, attempt, at, outcome, http_status, duration_ms, error from delivery_attempt where message_id = ? order by id",
            row -> {
              JsonObjectBuilder attempt =
                  Jsons.object()
                      .add("node", row.getString("node_id"))
                      .add("attempt", row.getInt("attempt"))
                      .add("at", Jdbc.instant(row, "at").toString())
                      .add("outcome", row.getString("outcome"));
              int status = row.getInt("http_status");
              JsonFields.add(attempt, "httpStatus", row.wasNull() ? null : status);
              attempt.add("durationMs", row.getLong("duration_ms"));
              return JsonFields.add(attempt, "error", row.getString("error"));
            },
            messageId)
        .forEach(attempts::add);
    return attempts.build();
  }
}
