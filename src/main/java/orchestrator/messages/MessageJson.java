package orchestrator.messages;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import orchestrator.platform.JsonFields;
import orchestrator.platform.Jsons;

/** A message's JSON as the API shows it. */
final class MessageJson {
  private MessageJson() {}

  static JsonObject write(Message message) {
    JsonArrayBuilder deliveries = Jsons.array();
    for (Message.DeliveryState d : message.deliveries()) {
      JsonObjectBuilder delivery =
          Jsons.object()
              .add("node", d.node())
              .add("status", d.status())
              .add("attempts", d.attempts());
      JsonFields.add(delivery, "nextAttemptAt", d.nextAttemptAt());
      JsonFields.add(delivery, "lastAttemptAt", d.lastAttemptAt());
      JsonFields.add(delivery, "lastError", d.lastError());
      JsonFields.add(delivery, "deliveredAt", d.deliveredAt());
      JsonFields.add(delivery, "frozenAt", d.frozenAt());
      deliveries.add(delivery);
    }
    return Jsons.object()
        .add("id", message.id().toString())
        .add("eventType", message.eventType())
        .add("producer", message.producer())
        .add("contentType", message.contentType())
        .add("size", message.size())
        .add("createdAt", message.createdAt().toString())
        .add("deliveries", deliveries)
        .build();
  }
}
