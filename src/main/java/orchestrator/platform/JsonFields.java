package orchestrator.platform;

import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/** Adds fields that may be null, as JSON null rather than left out: the API shows every field. */
public final class JsonFields {
  private JsonFields() {}

  public static JsonObjectBuilder add(JsonObjectBuilder json, String name, Instant value) {
    return value == null ? json.addNull(name) : json.add(name, value.toString());
  }

  public static JsonObjectBuilder add(JsonObjectBuilder json, String name, String value) {
    return value == null ? json.addNull(name) : json.add(name, value);
  }

  public static JsonObjectBuilder add(JsonObjectBuilder json, String name, Integer value) {
    return value == null ? json.addNull(name) : json.add(name, value);
  }
}
