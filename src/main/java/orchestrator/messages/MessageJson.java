package orchestrator.messages;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/** A message's JSON as the API shows it. */
final class MessageJson {
  private MessageJson() {}

  static JsonObject write(Message message) {
    JsonArrayBuilder deliveries = Json.createArrayBuilder();
    for (Message.DeliveryState d : message.deliveries()) {
      JsonObjectBuilder delivery = Json.createObjectBuilder().add("node", d.node()).add("status", d.status()).add("attempts", d.attempts());
      time(delivery, "nextAttemptAt", d.nextAttemptAt());
      time(delivery, "lastAttemptAt", d.lastAttemptAt());
      if (d.lastError() == null) delivery.addNull("lastError");
      else delivery.add("lastError", d.lastError());
      time(delivery, "deliveredAt", d.deliveredAt());
      time(delivery, "frozenAt", d.frozenAt());
      deliveries.add(delivery);
    }
    return Json.createObjectBuilder()
        .add("id", message.id().toString())
        .add("eventType", message.eventType())
        .add("producer", message.producer())
        .add("contentType", message.contentType())
        .add("size", message.size())
        .add("createdAt", message.createdAt().toString())
        .add("deliveries", deliveries)
        .build();
  }

  private static void time(JsonObjectBuilder json, String name, Instant value) {
    if (value == null) json.addNull(name);
    else json.add(name, value.toString());
  }
}
