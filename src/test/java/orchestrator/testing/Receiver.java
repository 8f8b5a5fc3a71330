package orchestrator.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A receiving node for tests: a real HTTP server on loopback whose answer to the n-th request
 * (1-based) is chosen by the test — a status code, or a hang of some milliseconds first.
 */
public final class Receiver implements AutoCloseable {

  /** One request as the receiver saw it. */
  public record Request(
      Instant at, Instant answeredAt, Map<String, String> headers, byte[] body, int status) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile IntUnaryOperator status;
  private volatile long delayMs;

  private Receiver(IntUnaryOperator status, long delayMs) throws IOException {
    this.status = status;
    this.delayMs = delayMs;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          int n = count.incrementAndGet();
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          Instant at = Instant.now();
          try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange
                .getRequestHeaders()
                .forEach(
                    (name, values) ->
                        headers.put(
                            name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
            if (this.delayMs > 0) Thread.sleep(this.delayMs);
            int answer = this.status.applyAsInt(n);
            requests.add(new Request(at, Instant.now(), headers, body, answer));
            exchange.sendResponseHeaders(answer, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
            exchange.close();
          }
        });
    server.start();
  }

  /** Answers every request with this status. */
  public static Receiver answering(int status) throws IOException {
    return new Receiver(n -> status, 0);
  }

  /** Fails the first {@code failures} requests with 500, then answers 200. */
  public static Receiver failingFirst(int failures) throws IOException {
    return new Receiver(n -> n <= failures ? 500 : 200, 0);
  }

  /** Answers 200 after holding each request this long. */
  public static Receiver slow(long delayMs) throws IOException {
    return new Receiver(n -> 200, delayMs);
  }

  public Receiver answer(int newStatus) {
    this.status = n -> newStatus;
    return this;
  }

  public Receiver delay(long ms) {
    this.delayMs = ms;
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
  }

  /** Requests answered so far, in the order they were answered. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Requests answered so far. */
  public int received() {
    return requests.size();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
