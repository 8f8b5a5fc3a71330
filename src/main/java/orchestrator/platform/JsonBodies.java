package orchestrator.platform;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/** Request bodies that must be JSON objects; anything else is a 400 naming the body. */
public final class JsonBodies {
  private JsonBodies() {}

  public static JsonObject object(String body) {
    if (body == null || body.isBlank())
      throw Problem.invalid("body", "is required: a JSON object").exception();
    try (JsonReader reader = Jsons.reader(body)) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object) return object;
    } catch (JsonException e) {
      throw Problem.invalid("body", "is not valid JSON: " + e.getMessage()).exception();
    }
    throw Problem.invalid("body", "must be a JSON object").exception();
  }
}
