package orchestrator.nodes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import orchestrator.delivery.DeliveriesDue;
import orchestrator.delivery.DeliveryStore;
import orchestrator.platform.Problem;
import orchestrator.platform.Problem.FieldError;
import orchestrator.platform.database.InTransaction;

/** Changes to the registry, each in one transaction. */
@ApplicationScoped
@InTransaction
public class Nodes {
  static final String NODE_DELETED = "node deleted";

  @Inject NodeStore store;
  @Inject DeliveryStore deliveries;
  @Inject Event<DeliveriesDue> due;
  @Inject Clock clock;

  /**
   * @throws orchestrator.platform.ProblemException 409 when the id exists
   */
  public Node create(Node node) {
    if (store.findForUpdate(node.id()).isPresent()) {
      throw Problem.of(409, "A node with id '" + node.id() + "' already exists.").exception();
    }
    refuseMasked(node);
    store.insert(node, clock.instant());
    return node;
  }

  /** Replaces the node, or creates it; returns whether it was created. */
  public boolean put(Node node) {
    Instant now = clock.instant();
    Optional<Node> stored = store.findForUpdate(node.id());
    due.fire(DeliveriesDue.of(node.id())); // the node may have been resumed or repaired
    Node replacement = stored.map(node::keepingSecretsOf).orElse(node);
    refuseMasked(replacement);
    if (stored.isPresent()) {
      store.update(replacement, now);
      return false;
    }
    store.insert(node, now);
    return true;
  }

  /** Deletes the node; its PENDING deliveries become FROZEN with "node deleted". */
  public boolean delete(String id) {
    if (store.findForUpdate(id).isEmpty()) return false;
    deliveries.freezePending(id, NODE_DELETED, clock.instant());
    return store.delete(id);
  }

  public boolean setPaused(String id, boolean paused) {
    boolean found = store.setPaused(id, paused, clock.instant());
    if (found && !paused) due.fire(DeliveriesDue.of(id));
    return found;
  }

  /** "***" keeps a stored secret; where none is stored (or the auth type changed) it is refused. */
  private static void refuseMasked(Node node) {
    List<FieldError> errors =
        node.maskedFields().stream()
            .map(
                field ->
                    new FieldError(
                        field,
                        "\"***\" keeps a stored secret, but none is stored for it; send the secret itself"))
            .toList();
    if (!errors.isEmpty()) throw Problem.invalid(errors).exception();
  }
}
