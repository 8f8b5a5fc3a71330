package orchestrator.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void anIdIsAVersion7UuidCarryingItsMillisecond() {
    Instant now = Instant.parse("2026-12-02T19:30:00.123456Z");
    UUID id = MessageIds.next(now);

    assertEquals(7, id.version());
    assertEquals(2, id.variant()); // RFC 9562's variant (binary 10)
    assertEquals(now.toEpochMilli(), id.getMostSignificantBits() >>> 16);
    // the text form starts with the 48-bit millisecond in hexadecimal
    String millis = String.format("%012x", now.toEpochMilli());
    assertTrue(
        id.toString().replace("-", "").startsWith(millis), id + " does not start with " + millis);
  }

  @Test
  void idsOfALaterMillisecondSortAfterAndIdsDoNotRepeat() {
    Instant first = Instant.parse("2026-12-02T19:30:00.001Z");
    Set<UUID> seen = new HashSet<>();
    UUID earlier = null;
    for (int i = 0; i < 10_000; i++) {
      UUID id = MessageIds.next(first.plusMillis(i));
      assertTrue(seen.add(id), "repeated: " + id);
      // as PostgreSQL orders uuid values: byte by byte, i.e. the text form
      if (earlier != null) assertTrue(earlier.toString().compareTo(id.toString()) < 0);
      earlier = id;
    }
    Set<UUID> sameMillisecond = new HashSet<>();
    for (int i = 0; i < 10_000; i++) assertTrue(sameMillisecond.add(MessageIds.next(first)));
  }
}
