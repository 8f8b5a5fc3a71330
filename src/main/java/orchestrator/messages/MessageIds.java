package orchestrator.messages;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Message ids: UUIDs of version 7 (RFC 9562, section 5.7), whose first 48 bits are the moment of
 * acceptance in Unix milliseconds and the other 74 free bits random. Ids that grow with time are
 * added at the right-hand end of the indexes that hold them (the message key, delivery's
 * (message_id, node_id), the attempt log's (message_id, id)) instead of on a random page of each:
 * fewer pages touched, written and logged per message however large the tables grow
 * (docs/data-model.md). The random bits come from a SecureRandom, as those of the version 4 ids
 * before, so an id is no easier to guess. The JDK makes no version 7 UUID; the layout is these few
 * lines.
 */
final class MessageIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private MessageIds() {}

  /** A new id for a message accepted at {@code now}. */
  static UUID next(Instant now) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    long randA = ((random[0] & 0xFFL) << 8 | (random[1] & 0xFFL)) & 0x0FFF; // 12 bits
    long randB = 0; // 62 bits
    for (int i = 2; i < 10; i++) randB = randB << 8 | (random[i] & 0xFFL);
    long unixMillis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
    long mostSignificant = unixMillis << 16 | 0x7000L | randA; // version 7
    long leastSignificant = randB & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // variant 10
    return new UUID(mostSignificant, leastSignificant);
  }
}
