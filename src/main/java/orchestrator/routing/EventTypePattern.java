package orchestrator.routing;

/**
 * An event type pattern of a node: {@code *} matches any run of characters, all else matches
 * itself.
 */
public final class EventTypePattern {
  private EventTypePattern() {}

  public static boolean matches(String pattern, String eventType) {
    int p = 0;
    int t = 0;
    int starAt = -1;
    int resumeAt = 0;
    while (t < eventType.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starAt = p++;
        resumeAt = t;
      } else if (p < pattern.length() && pattern.charAt(p) == eventType.charAt(t)) {
        p++;
        t++;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++resumeAt;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') p++;
    return p == pattern.length();
  }
}
