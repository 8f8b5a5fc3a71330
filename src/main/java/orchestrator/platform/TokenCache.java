package orchestrator.platform;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was learnt about bearer tokens, each until a moment of its own. Bounded: when full, expired
 * entries go, and if none had expired, everything goes (the cost is only a re-verification).
 */
final class TokenCache<T> {
  private record Entry<T>(T value, Instant until) {}

  private final int capacity;
  private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

  TokenCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The value kept for the token, or null when there is none or it is no longer valid at {@code
   * now}.
   */
  T get(String token, Instant now) {
    Entry<T> entry = entries.get(token);
    if (entry == null) return null;
    if (now.isBefore(entry.until())) return entry.value();
    entries.remove(token, entry);
    return null;
  }

  /** Keeps the value until {@code until} (exclusive); nothing is kept for a moment already past. */
  void put(String token, T value, Instant until, Instant now) {
    if (!now.isBefore(until)) return;
    if (entries.size() >= capacity) {
      entries.values().removeIf(entry -> !now.isBefore(entry.until()));
      if (entries.size() >= capacity) entries.clear();
    }
    entries.put(token, new Entry<>(value, until));
  }

  int size() {
    return entries.size();
  }
}
