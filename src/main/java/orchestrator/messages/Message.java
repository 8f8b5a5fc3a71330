package orchestrator.messages;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored message with its deliveries, as the API shows it. */
public record Message(
    UUID id,
    String eventType,
    String producer,
    String contentType,
    int size,
    Instant createdAt,
    String bodyHash,
    List<DeliveryState> deliveries) {

  /** One delivery of the message, current. */
  public record DeliveryState(
      String node,
      String status,
      int attempts,
      Instant nextAttemptAt,
      Instant lastAttemptAt,
      String lastError,
      Instant deliveredAt,
      Instant frozenAt) {}

  Message withDeliveries(List<DeliveryState> states) {
    return new Message(id, eventType, producer, contentType, size, createdAt, bodyHash, states);
  }
}
