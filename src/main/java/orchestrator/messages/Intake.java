package orchestrator.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import orchestrator.delivery.DeliveriesDue;
import orchestrator.delivery.DeliveryStatus;
import orchestrator.delivery.Dispatcher;
import orchestrator.delivery.Handover;
import orchestrator.delivery.Parcel;
import orchestrator.nodes.NodeStore;
import orchestrator.platform.Problem;
import orchestrator.platform.ProblemException;
import orchestrator.platform.database.GroupCommit;
import orchestrator.platform.database.InTransaction;
import orchestrator.routing.Candidate;
import orchestrator.routing.Router;

/**
 * Accepts a message: idempotency, routing, and the message with all its deliveries in one
 * transaction.
 */
@ApplicationScoped
public class Intake {

  /** The stored message, and whether this call created it (false: an idempotent repeat). */
  public record Outcome(Message message, boolean created) {}

  @Inject MessageStore messages;
  @Inject NodeStore nodes;
  @Inject Dispatcher dispatcher;
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
      Optional<Message> earlier =
          messages.findByIdempotencyKey(submission.producer(), submission.idempotencyKey());
      if (earlier.isPresent()) {
        if (!earlier.get().bodyHash().equals(hash)) {
          throw Problem.of(
                  409,
                  "Idempotency-Key '"
                      + submission.idempotencyKey()
                      + "' was used before with a different body.")
              .exception();
        }
        return new Outcome(earlier.get(), false);
      }
    }
    List<Candidate> candidates = nodes.candidates();
    Instant now = clock.instant();
    Message message = message(submission, hash, route(candidates, submission), now);
    store(
        List.of(
            new MessageStore.NewMessage(message, submission.idempotencyKey(), submission.body())),
        candidates,
        now);
    return new Outcome(message, true);
  }

  /**
   * Accepts messages without an idempotency key, all in one transaction: one result per submission,
   * in order. A submission that no node may receive is refused (422) and the others are stored.
   */
  @InTransaction
  public List<GroupCommit.Result<Outcome>> acceptAll(List<Submission> submissions) {
    List<Candidate> candidates = nodes.candidates();
    Instant now = clock.instant();
    List<GroupCommit.Result<Outcome>> results = new ArrayList<>(submissions.size());
    List<MessageStore.NewMessage> accepted = new ArrayList<>(submissions.size());
    for (Submission submission : submissions) {
      if (submission.idempotencyKey() != null)
        throw new IllegalArgumentException(
            "a submission with an Idempotency-Key is accepted alone");
      try {
        Message message =
            message(submission, submission.bodyHash(), route(candidates, submission), now);
        accepted.add(new MessageStore.NewMessage(message, null, submission.body()));
        results.add(GroupCommit.Result.of(new Outcome(message, true)));
      } catch (ProblemException refused) {
        results.add(GroupCommit.Result.refused(refused));
      }
    }
    store(accepted, candidates, now);
    return results;
  }

  private static Message message(
      Submission submission, String hash, List<String> targets, Instant now) {
    List<Message.DeliveryState> states =
        targets.stream()
            .sorted()
            .map(
                node ->
                    new Message.DeliveryState(
                        node, DeliveryStatus.PENDING.name(), 0, now, null, null, null, null))
            .toList();
    return new Message(
        MessageIds.next(now),
        submission.eventType(),
        submission.producer(),
        submission.contentType(),
        submission.body().length,
        now,
        hash,
        states);
  }

  /**
   * The messages with one PENDING delivery per node, delivered as soon as the transaction commits:
   * those of unpaused nodes whose workers can take them at once are handed to the workers, already
   * claimed, so that no claim has to find them again.
   */
  private void store(
      List<MessageStore.NewMessage> accepted, List<Candidate> candidates, Instant now) {
    if (accepted.isEmpty()) return;
    Set<String> targets = new LinkedHashSet<>();
    for (MessageStore.NewMessage stored : accepted) {
      for (Message.DeliveryState delivery : stored.message().deliveries())
        targets.add(delivery.node());
    }
    Set<String> paused =
        candidates.stream()
            .filter(Candidate::paused)
            .map(Candidate::id)
            .collect(Collectors.toSet());
    Handover handover =
        dispatcher.offer(targets.stream().filter(node -> !paused.contains(node)).toList(), now);
    List<Parcel> handed = messages.insert(accepted, handover);
    for (Parcel parcel : handed) targets.remove(parcel.node()); // the rest is for a claim to find
    due.fire(DeliveriesDue.arrived(List.copyOf(targets), handed, handover.leaseEnd()));
  }

  private static List<String> route(List<Candidate> candidates, Submission submission) {
    Router.Route route =
        Router.route(
            candidates, submission.eventType(), submission.producer(), submission.destinations());
    if (route instanceof Router.To to) return to.nodes();
    if (route instanceof Router.UnknownDestinations unknown) {
      String ids = String.join(", ", unknown.ids());
      throw Problem.unprocessable(
              "Event-Destinations names unknown or disabled nodes: " + ids + ".",
              new Problem.FieldError("Event-Destinations", "unknown or disabled nodes: " + ids))
          .exception();
    }
    throw Problem.of(
            422,
            "No enabled node takes event type '"
                + submission.eventType()
                + "'; nothing was stored.")
        .exception();
  }
}
