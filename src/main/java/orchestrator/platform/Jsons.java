package orchestrator.platform;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.Reader;
import java.io.StringReader;
import java.util.Map;

/**
 * JSON-P through one provider, looked up once. The static {@code jakarta.json.Json.create…} methods
 * look the provider up on every call, and on Payara that lookup walks the class loaders under
 * locks: about a third of the server's CPU during intake (docs/performance.md).
 */
public final class Jsons {
  private static final JsonProvider PROVIDER = JsonProvider.provider();

  private Jsons() {}

  public static JsonObjectBuilder object() {
    return PROVIDER.createObjectBuilder();
  }

  public static JsonObjectBuilder object(Map<String, ?> values) {
    return PROVIDER.createObjectBuilder(values);
  }

  public static JsonArrayBuilder array() {
    return PROVIDER.createArrayBuilder();
  }

  public static JsonReader reader(Reader source) {
    return PROVIDER.createReader(source);
  }

  public static JsonReader reader(String text) {
    return reader(new StringReader(text));
  }
}
