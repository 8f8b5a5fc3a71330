package orchestrator.delivery;

import java.time.Instant;
import java.util.UUID;

/** One claimed delivery with what its HTTP call needs. */
public record Parcel(
    long deliveryId,
    UUID messageId,
    String node,
    String eventType,
    String contentType,
    int attempt,
    byte[] body,
    Instant acceptedAt) {}
