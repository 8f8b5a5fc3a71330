package orchestrator.messages;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import orchestrator.platform.Problem;

/** A validated POST /api/messages: its headers and its body. */
public record Submission(
    String producer,
    String eventType,
    List<String> destinations,
    String idempotencyKey,
    String contentType,
    byte[] body) {
  static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");
  static final Pattern IDEMPOTENCY_KEY =
      Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,198}[\\x21-\\x7e])?");
  static final int MAX_PRODUCER = 255;
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  /**
   * @throws orchestrator.platform.ProblemException 400 naming the header at fault
   */
  public static Submission of(
      String producer,
      String eventType,
      String destinations,
      String idempotencyKey,
      String contentType,
      byte[] body) {
    if (producer == null || producer.isEmpty() || producer.length() > MAX_PRODUCER) {
      throw Problem.invalid(
              "Authorization", "the token's sub claim must be 1-" + MAX_PRODUCER + " characters")
          .exception();
    }
    if (eventType == null || eventType.isEmpty())
      throw Problem.invalid("Event-Type", "header is required").exception();
    if (!EVENT_TYPE.matcher(eventType).matches())
      throw Problem.invalid("Event-Type", "must be 1-200 characters of A-Z a-z 0-9 . _ : / -")
          .exception();
    if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
      throw Problem.invalid("Idempotency-Key", "must be 1-200 printable characters").exception();
    }
    if (body.length == 0) throw Problem.invalid("body", "must not be empty").exception();
    String type =
        contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType.trim();
    if (type.length() > 255)
      throw Problem.invalid("Content-Type", "must be at most 255 characters").exception();
    return new Submission(
        producer, eventType, destinations(destinations), idempotencyKey, type, body);
  }

  /**
   * Comma-separated node ids, or null when the header is absent. An id no node has is for routing
   * to reject (422).
   */
  static List<String> destinations(String header) {
    if (header == null) return null;
    List<String> ids = new ArrayList<>();
    for (String part : header.split(",")) {
      String id = part.trim();
      if (id.isEmpty()) continue;
      ids.add(id);
    }
    if (ids.isEmpty())
      throw Problem.invalid("Event-Destinations", "must name at least one node id").exception();
    return List.copyOf(ids);
  }

  /** Identifies the body for idempotency: a repeat with the same key must carry the same body. */
  String bodyHash() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
