package orchestrator.routing;

import java.util.List;

/** What routing needs to know of a node, and whether it is paused (its deliveries then wait). */
public record Candidate(String id, boolean enabled, List<String> eventTypes, boolean paused) {

  boolean wants(String eventType) {
    return eventTypes.stream().anyMatch(pattern -> EventTypePattern.matches(pattern, eventType));
  }
}
