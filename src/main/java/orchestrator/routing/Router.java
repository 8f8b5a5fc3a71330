package orchestrator.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Decides the destination nodes of one message. */
public final class Router {
  private Router() {}

  /** The outcome: the node ids to deliver to, or why there are none. */
  public sealed interface Route {}

  public record To(List<String> nodes) implements Route {}

  /** Explicit destinations that name unknown or disabled nodes. */
  public record UnknownDestinations(List<String> ids) implements Route {}

  public record NoNode() implements Route {}

  /**
   * @param destinations the node ids of {@code Event-Destinations}, or null to route by event type
   */
  public static Route route(
      List<Candidate> nodes, String eventType, String producer, List<String> destinations) {
    if (destinations != null) return toExplicit(nodes, destinations);
    List<String> matched =
        nodes.stream()
            .filter(Candidate::enabled)
            .filter(node -> !node.id().equals(producer))
            .filter(node -> node.wants(eventType))
            .map(Candidate::id)
            .toList();
    return matched.isEmpty() ? new NoNode() : new To(matched);
  }

  private static Route toExplicit(List<Candidate> nodes, List<String> destinations) {
    Map<String, Candidate> byId =
        nodes.stream().collect(Collectors.toMap(Candidate::id, Function.identity()));
    Set<String> wanted = new LinkedHashSet<>(destinations);
    List<String> unknown = new ArrayList<>();
    for (String id : wanted) {
      Candidate node = byId.get(id);
      if (node == null || !node.enabled()) unknown.add(id);
    }
    if (!unknown.isEmpty()) return new UnknownDestinations(unknown);
    return wanted.isEmpty() ? new NoNode() : new To(List.copyOf(wanted));
  }
}
