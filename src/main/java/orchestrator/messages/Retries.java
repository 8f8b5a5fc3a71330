package orchestrator.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import orchestrator.delivery.DeliveriesDue;
import orchestrator.delivery.DeliveryStore;
import orchestrator.platform.database.InTransaction;

/** Re-queues the FROZEN deliveries of one message. */
@ApplicationScoped
public class Retries {

  @Inject MessageStore messages;
  @Inject DeliveryStore deliveries;
  @Inject Event<DeliveriesDue> due;
  @Inject Clock clock;

  /** How many deliveries went back to PENDING, or empty when the message is unknown. */
  @InTransaction
  public Optional<Integer> requeue(UUID messageId) {
    if (!messages.exists(messageId)) return Optional.empty();
    int requeued = deliveries.requeueMessage(messageId, clock.instant());
    if (requeued > 0) due.fire(DeliveriesDue.NOW);
    return Optional.of(requeued);
  }
}
