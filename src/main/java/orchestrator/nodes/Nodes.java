package orchestrator.nodes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import orchestrator.delivery.DeliveriesDue;
import orchestrator.delivery.DeliveryStore;
import orchestrator.platform.Problem;

/** Changes to the registry, each in one transaction. */
@ApplicationScoped
@Transactional
public class Nodes {
  static final String NODE_DELETED = "node deleted";

  @Inject NodeStore store;
  @Inject DeliveryStore deliveries;
  @Inject Event<DeliveriesDue> due;
  @Inject Clock clock;

  /** @throws orchestrator.platform.ProblemException 409 when the id exists */
  public Node create(Node node) {
    if (store.findForUpdate(node.id()).isPresent()) {
      throw Problem.of(409, "A node with id '" + node.id() + "' already exists.").exception();
    }
    if (node.hasMaskedSecrets()) throw maskedWithoutStored();
    store.insert(node, clock.instant());
    return node;
  }

  /** Replaces the node, or creates it; returns whether it was created. */
  public boolean put(Node node) {
    Instant now = clock.instant();
    Optional<Node> stored = store.findForUpdate(node.id());
    due.fire(DeliveriesDue.NOW); // the node may have been resumed or repaired
    if (stored.isPresent()) {
      store.update(node.keepingSecretsOf(stored.get()), now);
      return false;
    }
    if (node.hasMaskedSecrets()) throw maskedWithoutStored();
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
    if (found && !paused) due.fire(DeliveriesDue.NOW);
    return found;
  }

  private static RuntimeException maskedWithoutStored() {
    return Problem.invalid("secret", "\"***\" keeps a stored secret, but this node has none stored; send the secret itself").exception();
  }
}
