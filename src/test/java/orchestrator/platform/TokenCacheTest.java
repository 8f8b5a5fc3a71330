package orchestrator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aValueIsGivenUntilItsMomentAndNotFromThen() {
    TokenCache<String> cache = new TokenCache<>(10);
    cache.put("a", "verified", T0.plusSeconds(60), T0);
    assertEquals("verified", cache.get("a", T0));
    assertEquals("verified", cache.get("a", T0.plusSeconds(59)));
    assertNull(cache.get("a", T0.plusSeconds(60)));
    assertEquals(0, cache.size(), "an entry found expired is dropped");
    assertNull(cache.get("b", T0), "an unknown token");
  }

  @Test
  void nothingIsKeptForAMomentAlreadyPast() {
    TokenCache<String> cache = new TokenCache<>(10);
    cache.put("a", "verified", T0, T0);
    cache.put("b", "verified", T0.minusSeconds(1), T0);
    assertNull(cache.get("a", T0.minusSeconds(5)));
    assertEquals(0, cache.size());
  }

  @Test
  void whenFullExpiredEntriesGoFirstAndThenEverything() {
    TokenCache<String> cache = new TokenCache<>(3);
    cache.put("short", "1", T0.plusSeconds(1), T0);
    cache.put("long1", "2", T0.plusSeconds(60), T0);
    cache.put("long2", "3", T0.plusSeconds(60), T0);
    Instant later = T0.plusSeconds(2);
    cache.put("new", "4", later.plusSeconds(60), later);
    assertEquals(3, cache.size(), "the expired one made room");
    assertEquals("2", cache.get("long1", later));
    assertEquals("4", cache.get("new", later));

    cache.put("newer", "5", later.plusSeconds(60), later);
    assertEquals(1, cache.size(), "none had expired: all went, the new one stays");
    assertEquals("5", cache.get("newer", later));
    assertNull(cache.get("long1", later));
  }
}
