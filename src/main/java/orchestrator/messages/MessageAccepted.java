package orchestrator.messages;

import java.util.List;
import java.util.UUID;

/** Fired when a message and its deliveries are stored; observed after the commit to deliver at once. */
public record MessageAccepted(UUID id, List<String> nodes) {}
