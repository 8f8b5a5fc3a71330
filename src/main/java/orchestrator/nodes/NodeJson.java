package orchestrator.nodes;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import orchestrator.platform.Jsons;
import orchestrator.platform.Problem;
import orchestrator.platform.Problem.FieldError;

/**
 * A node's JSON: reading and validating what a client sends, and writing it with secrets masked.
 */
public final class NodeJson {
  public static final String MASK = "***";
  static final int MAX_EVENT_TYPES = 100;
  // ids made of dots only ("." and "..") could not be addressed in a URL
  static final Pattern ID = Pattern.compile("(?!\\.+$)[a-z0-9._-]{1,64}");
  static final Pattern EVENT_TYPE_PATTERN = Pattern.compile("[A-Za-z0-9._:/*-]{1,200}");
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "endpoint",
          "enabled",
          "paused",
          "eventTypes",
          "auth",
          "secret",
          "pending",
          "frozen");

  private NodeJson() {}

  /**
   * Reads a node. {@code pathId}, when given, is the id of the URL: the body's id may be left out
   * but must not differ.
   *
   * @throws orchestrator.platform.ProblemException 400 naming every invalid field
   */
  public static Node read(JsonObject json, String pathId) {
    List<FieldError> errors = new ArrayList<>();
    json.keySet().stream()
        .filter(key -> !FIELDS.contains(key))
        .forEach(key -> errors.add(new FieldError(key, "is not a field of a node")));

    String id = string(json, "id", errors);
    if (pathId != null) {
      if (id == null) id = pathId;
      else if (!id.equals(pathId)) errors.add(new FieldError("id", "must equal the id in the URL"));
    }
    if (id == null) errors.add(new FieldError("id", "is required"));
    else if (!ID.matcher(id).matches())
      errors.add(new FieldError("id", "must be 1-64 characters of a-z 0-9 . _ - (not dots alone)"));

    String name = string(json, "name", errors);
    if (name != null && name.length() > 200)
      errors.add(new FieldError("name", "must be at most 200 characters"));

    String endpoint = string(json, "endpoint", errors);
    if (endpoint == null) errors.add(new FieldError("endpoint", "is required"));
    else if (!isHttpUrl(endpoint))
      errors.add(new FieldError("endpoint", "must be an absolute http or https URL"));

    boolean enabled = bool(json, "enabled", true, errors);
    boolean paused = bool(json, "paused", false, errors);
    List<String> eventTypes = eventTypes(json, errors);
    NodeAuth auth = auth(json, errors);

    String secret = string(json, "secret", errors);
    if (secret != null && (secret.isEmpty() || secret.length() > 1000))
      errors.add(new FieldError("secret", "must be 1-1000 characters"));

    if (!errors.isEmpty()) throw Problem.invalid(errors).exception();
    return new Node(
        id, name == null ? id : name, endpoint, enabled, paused, eventTypes, auth, secret);
  }

  /** The node as the API shows it: secrets masked. */
  public static JsonObjectBuilder write(Node node) {
    JsonArrayBuilder types = Jsons.array();
    node.eventTypes().forEach(types::add);
    JsonObjectBuilder json =
        Jsons.object()
            .add("id", node.id())
            .add("name", node.name())
            .add("endpoint", node.endpoint())
            .add("enabled", node.enabled())
            .add("paused", node.paused())
            .add("eventTypes", types)
            .add("auth", auth(node.auth(), true));
    if (node.secret() != null) json.add("secret", MASK);
    else json.addNull("secret");
    return json;
  }

  /** The auth object, secrets included when {@code masked} is false (for storage only). */
  static JsonObject auth(NodeAuth auth, boolean masked) {
    JsonObjectBuilder json = Jsons.object().add("type", auth.type());
    switch (auth.type()) {
      case "bearer" -> json.add("token", masked ? MASK : auth.token());
      case "basic" ->
          json.add("username", auth.username()).add("password", masked ? MASK : auth.password());
      case "header" -> json.add("name", auth.name()).add("value", masked ? MASK : auth.value());
      default -> {}
    }
    return json.build();
  }

  static NodeAuth auth(JsonObject json) {
    return new NodeAuth(
        json.getString("type", "none"),
        json.getString("token", null),
        json.getString("username", null),
        json.getString("password", null),
        json.getString("name", null),
        json.getString("value", null));
  }

  static JsonArray eventTypes(List<String> patterns) {
    JsonArrayBuilder array = Jsons.array();
    patterns.forEach(array::add);
    return array.build();
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return uri.isAbsolute()
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && value.length() <= 2048;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static List<String> eventTypes(JsonObject json, List<FieldError> errors) {
    JsonValue value = json.get("eventTypes");
    if (value == null || value == JsonValue.NULL) return List.of("*");
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_EVENT_TYPES) {
      errors.add(
          new FieldError("eventTypes", "must be an array of 1-" + MAX_EVENT_TYPES + " patterns"));
      return List.of();
    }
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonValue item = array.get(i);
      if (item instanceof JsonString s && EVENT_TYPE_PATTERN.matcher(s.getString()).matches()) {
        patterns.add(s.getString());
      } else {
        errors.add(
            new FieldError(
                "eventTypes[" + i + "]",
                "must be 1-200 characters of A-Z a-z 0-9 . _ : / - and *"));
      }
    }
    return patterns;
  }

  private static NodeAuth auth(JsonObject json, List<FieldError> errors) {
    JsonValue value = json.get("auth");
    if (value == null || value == JsonValue.NULL) return NodeAuth.NONE;
    if (!(value instanceof JsonObject auth)) {
      errors.add(new FieldError("auth", "must be an object with a type"));
      return NodeAuth.NONE;
    }
    String type = string(auth, "type", errors, "auth.type");
    if (type == null) {
      errors.add(new FieldError("auth.type", "is required: none, bearer, basic or header"));
      return NodeAuth.NONE;
    }
    List<String> fields =
        switch (type) {
          case "none" -> List.of();
          case "bearer" -> List.of("token");
          case "basic" -> List.of("username", "password");
          case "header" -> List.of("name", "value");
          default -> null;
        };
    if (fields == null) {
      errors.add(new FieldError("auth.type", "must be none, bearer, basic or header"));
      return NodeAuth.NONE;
    }
    for (String key : auth.keySet()) {
      if (!key.equals("type") && !fields.contains(key))
        errors.add(new FieldError("auth." + key, "is not a field of auth type " + type));
    }
    for (String field : fields) {
      String text = string(auth, field, errors, "auth." + field);
      if (text == null || text.isEmpty())
        errors.add(new FieldError("auth." + field, "is required for auth type " + type));
      else if (text.length() > 2000 || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f))
        errors.add(new FieldError("auth." + field, "must be at most 2000 printable characters"));
    }
    if ("header".equals(type) && auth.get("name") instanceof JsonString name) {
      if (!name.getString().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"))
        errors.add(new FieldError("auth.name", "must be an HTTP header name"));
      else if (NodeAuth.isClientHeader(name.getString())) {
        errors.add(
            new FieldError(
                "auth.name",
                "must not be Connection, Content-Length, Expect, Host, Transfer-Encoding or Upgrade: the HTTP client sets those"));
      }
    }
    if ("basic".equals(type)
        && auth.get("username") instanceof JsonString user
        && user.getString().contains(":")) {
      errors.add(new FieldError("auth.username", "must not contain ':'"));
    }
    return auth(auth);
  }

  private static String string(JsonObject json, String key, List<FieldError> errors) {
    return string(json, key, errors, key);
  }

  private static String string(JsonObject json, String key, List<FieldError> errors, String field) {
    JsonValue value = json.get(key);
    if (value == null || value == JsonValue.NULL) return null;
    if (value instanceof JsonString s) return s.getString();
    errors.add(new FieldError(field, "must be a string"));
    return null;
  }

  private static boolean bool(
      JsonObject json, String key, boolean defaultValue, List<FieldError> errors) {
    JsonValue value = json.get(key);
    if (value == null || value == JsonValue.NULL) return defaultValue;
    if (value == JsonValue.TRUE) return true;
    if (value == JsonValue.FALSE) return false;
    errors.add(new FieldError(key, "must be true or false"));
    return defaultValue;
  }
}
