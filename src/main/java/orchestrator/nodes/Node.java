package orchestrator.nodes;

import java.util.List;

/** A destination node. {@code secret}, when set, signs every delivery. */
public record Node(
    String id,
    String name,
    String endpoint,
    boolean enabled,
    boolean paused,
    List<String> eventTypes,
    NodeAuth auth,
    String secret) {

  /** This node with secrets that the request left as "***" taken from what is stored. */
  Node keepingSecretsOf(Node stored) {
    String keptSecret = NodeJson.MASK.equals(secret) ? stored.secret : secret;
    return new Node(
        id,
        name,
        endpoint,
        enabled,
        paused,
        eventTypes,
        auth.keepingSecretsOf(stored.auth),
        keptSecret);
  }

  /** The fields still "***": a secret to keep that is not stored, so it cannot be kept. */
  List<String> maskedFields() {
    List<String> fields = new java.util.ArrayList<>(auth.maskedFields());
    if (NodeJson.MASK.equals(secret)) fields.add("secret");
    return fields;
  }
}
