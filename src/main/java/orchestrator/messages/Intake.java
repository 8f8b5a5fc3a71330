package orchestrator.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import orchestrator.delivery.DeliveriesDue;
import orchestrator.delivery.DeliveryStatus;
import orchestrator.delivery.DeliveryStore;
import orchestrator.nodes.NodeStore;
import orchestrator.platform.Problem;
import orchestrator.routing.Router;
import orchestrator.platform.database.InTransaction;

/** Accepts a message: idempotency, routing, and the message with all its deliveries in one transaction. */
@ApplicationScoped
public class Intake {

  /** The stored message, and whether this call created it (false: an idempotent repeat). */
  public record Outcome(Message message, boolean created) {}

  @Inject MessageStore messages;
  @Inject DeliveryStore deliveries;
  @Inject NodeStore nodes;
  @Inject Event<DeliveriesDue> due;
  @Inject Clock clock;

  /**
   * @throws orchestrator.platform.ProblemException 409 for a reused idempotency key with another
   *     body, 422 when no node may receive the message
   */
  @InTransaction
  public Outcome accept(Submission submission) {
    String hash = submission.bodyHash();
    if (submission.idempotencyKey() != null) {
      Optional<Message> earlier = messages.findByIdempotencyKey(submission.producer(), submission.idempotencyKey());
      if (earlier.isPresent()) {
        if (!earlier.get().bodyHash().equals(hash)) {
          throw Problem.of(409, "Idempotency-Key '" + submission.idempotencyKey() + "' was used before with a different body.").exception();
        }
        return new Outcome(earlier.get(), false);
      }
    }
    List<String> targets = route(submission);
    Instant now = clock.instant();
    List<Message.DeliveryState> states =
        targets.stream().sorted().map(node -> new Message.DeliveryState(node, DeliveryStatus.PENDING.name(), 0, now, null, null, null, null)).toList();
    Message message =
        new Message(UUID.randomUUID(), submission.eventType(), submission.producer(), submission.contentType(), submission.body().length, now, hash, states);
    messages.insert(message, submission.idempotencyKey(), submission.body());
    deliveries.createPending(message.id(), targets, now);
    due.fire(DeliveriesDue.arrived(targets)); // delivered as soon as this transaction commits
    return new Outcome(message, true);
  }

  private List<String> route(Submission submission) {
    Router.Route route = Router.route(nodes.candidates(), submission.eventType(), submission.producer(), submission.destinations());
    if (route instanceof Router.To to) return to.nodes();
    if (route instanceof Router.UnknownDestinations unknown) {
      String ids = String.join(", ", unknown.ids());
      throw Problem.unprocessable(
              "Event-Destinations names unknown or disabled nodes: " + ids + ".", new Problem.FieldError("Event-Destinations", "unknown or disabled nodes: " + ids))
          .exception();
    }
    throw Problem.of(422, "No enabled node takes event type '" + submission.eventType() + "'; nothing was stored.").exception();
  }
}
