package orchestrator.nodes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the orchestrator authenticates to a node: {@code none}, {@code bearer} (token), {@code basic}
 * (username, password) or {@code header} (name, value).
 */
public record NodeAuth(
    String type, String token, String username, String password, String name, String value) {
  public static final NodeAuth NONE = new NodeAuth("none", null, null, null, null, null);

  /**
   * Headers the delivery's HTTP client sets itself (lower case): a {@code header} auth may not take
   * their names.
   */
  private static final Set<String> CLIENT_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "transfer-encoding", "upgrade");

  public static boolean isClientHeader(String name) {
    return CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The header sent on every delivery, or null for none. */
  public String[] header() {
    return switch (type) {
      case "bearer" -> new String[] {"Authorization", "Bearer " + token};
      case "basic" ->
          new String[] {
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))
          };
      case "header" -> new String[] {name, value};
      default -> null;
    };
  }

  NodeAuth keepingSecretsOf(NodeAuth stored) {
    if (!Objects.equals(type, stored.type)) return this;
    return new NodeAuth(
        type,
        masked(token) ? stored.token : token,
        username,
        masked(password) ? stored.password : password,
        name,
        masked(value) ? stored.value : value);
  }

  java.util.List<String> maskedFields() {
    java.util.List<String> fields = new java.util.ArrayList<>();
    if (masked(token)) fields.add("auth.token");
    if (masked(password)) fields.add("auth.password");
    if (masked(value)) fields.add("auth.value");
    return fields;
  }

  private static boolean masked(String secret) {
    return NodeJson.MASK.equals(secret);
  }
}
