package orchestrator.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the service under test. */
public final class Api {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  /** Arquillian may hand out the machine's outward address; the tests talk over loopback. */
  public Api(URL deployment) {
    this.base = URI.create("http://127.0.0.1:" + deployment.getPort() + "/");
  }

  public URI base() {
    return base;
  }

  public Call call(String method, String path) {
    return new Call(method, path);
  }

  public Call get(String path) {
    return call("GET", path);
  }

  public Call post(String path) {
    return call("POST", path);
  }

  public Call put(String path) {
    return call("PUT", path);
  }

  public Call delete(String path) {
    return call("DELETE", path);
  }

  /** One request being put together. */
  public final class Call {
    private final String method;
    private final String path;
    private final List<String> headers = new ArrayList<>();
    private byte[] body;
    private java.util.function.Supplier<java.io.InputStream> stream;

    Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Call token(String token) {
      return header("Authorization", "Bearer " + token);
    }

    public Call header(String name, String value) {
      headers.add(name);
      headers.add(value);
      return this;
    }

    public Call json(String json) {
      header("Content-Type", "application/json");
      return body(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Call body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    /** A body sent chunked, with no Content-Length. */
    public Call stream(java.util.function.Supplier<java.io.InputStream> source) {
      this.stream = source;
      return this;
    }

    public Reply send() {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
              .timeout(Duration.ofSeconds(30))
              .method(method, publisher());
      for (int i = 0; i < headers.size(); i += 2)
        request.header(headers.get(i), headers.get(i + 1));
      try {
        HttpResponse<byte[]> response =
            HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.headers(), response.body());
      } catch (Exception e) {
        throw new IllegalStateException(method + " " + path + " failed", e);
      }
    }

    private HttpRequest.BodyPublisher publisher() {
      if (stream != null) return HttpRequest.BodyPublishers.ofInputStream(stream);
      return body == null
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(body);
    }
  }

  /** A response. */
  public record Reply(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
    public String text() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public JsonObject json() {
      return (JsonObject) structure();
    }

    public JsonArray array() {
      return (JsonArray) structure();
    }

    private JsonStructure structure() {
      return Json.createReader(new StringReader(text())).read();
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }
}
