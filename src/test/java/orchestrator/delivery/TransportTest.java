package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import orchestrator.configuration.SettingsReader;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeAuth;
import orchestrator.testing.RawReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls to real HTTP servers on this machine. */
class TransportTest {
  private final List<Transport> transports = new ArrayList<>();
  private final ExecutorService receiverThreads = Executors.newFixedThreadPool(5);
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private volatile long holdMs;
  private HttpServer receiver;
  private Node node;

  @BeforeEach
  void receiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    receiver.setExecutor(receiverThreads);
    receiver.createContext(
        "/events",
        exchange -> {
          clientPorts.add(exchange.getRemoteAddress().getPort());
          exchange.getRequestBody().readAllBytes();
          try {
            if (holdMs > 0) Thread.sleep(holdMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    for (int i = 0; i < 5; i++)
      receiverThreads.submit(() -> {}).get(); // its threads exist before anything is counted
    node = node("http://127.0.0.1:" + receiver.getAddress().getPort() + "/events", NodeAuth.NONE);
  }

  @AfterEach
  void stop() {
    transports.forEach(Transport::stop);
    receiver.stop(0);
    receiverThreads.shutdownNow();
  }

  /** A thread per call would be one started and ended per delivery. */
  @Test
  void callsReuseTheirThreadsInsteadOfStartingOnePerDelivery() {
    Transport transport = transport("5");
    waves(transport, 2); // the pool's first threads
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();

    waves(transport, 20);

    long started = threads.getTotalStartedThreadCount() - before;
    assertTrue(started < 20, "100 deliveries started " + started + " threads");
  }

  @Test
  void connectionsToANodeAreKeptOpenAndReused() {
    waves(transport("5"), 20);
    assertTrue(
        clientPorts.size() <= NodeWorker.IN_FLIGHT,
        "100 deliveries in waves of five took " + clientPorts.size() + " connections");
  }

  /** The whole exchange, not each read, is bounded by delivery.timeout. */
  @Test
  void aCallIsCutAtTheTimeout() {
    holdMs = 3000;
    Transport transport = transport("1");
    Instant started = Instant.now();
    AttemptResult result = transport.finish(transport.start(node, parcel(1)));
    long ms = Duration.between(started, Instant.now()).toMillis();
    assertFalse(result.delivered());
    assertTrue(result.error().contains("delivery.timeout"), result::toString);
    assertTrue(ms >= 900 && ms < 2000, "cut after " + ms + " ms");
  }

  /**
   * A node that reads a request and closes the connection without answering gets it once: the
   * attempt fails and is recorded as such, never sent again behind the caller's back.
   */
  @Test
  void aDroppedAnswerIsAFailedAttemptNotASecondRequest() throws Exception {
    try (RawReceiver dropping = new RawReceiver(n -> n == 2, 10_000)) {
      Transport transport = transport("5");
      Node raw = node(dropping.url(), NodeAuth.NONE);
      assertTrue(transport.finish(transport.start(raw, parcel(1))).delivered());

      AttemptResult dropped =
          transport.finish(transport.start(raw, parcel(2))); // on the kept-alive connection
      Thread.sleep(300);

      assertFalse(dropped.delivered());
      assertTrue(dropped.error().startsWith("connection failed"), dropped::toString);
      assertEquals(2, dropping.requests(), "requests the node got");
    }
  }

  /** A kept-alive connection the node closed while it was idle is replaced, not failed on. */
  @Test
  void aConnectionTheNodeClosedWhileIdleIsReplaced() throws Exception {
    try (RawReceiver closingIdle = new RawReceiver(n -> false, 300)) {
      Transport transport = transport("5");
      Node raw = node(closingIdle.url(), NodeAuth.NONE);
      assertTrue(transport.finish(transport.start(raw, parcel(1))).delivered());
      Thread.sleep(1500); // the node closed it after 300 ms

      AttemptResult second = transport.finish(transport.start(raw, parcel(2)));

      assertTrue(second.delivered(), second::toString);
      assertEquals(2, closingIdle.connections());
      assertEquals(2, closingIdle.requests());
    }
  }

  /** Registration refuses such a name; a node stored before that rule gets nothing sent. */
  @Test
  void anAuthHeaderThatTheClientSetsItselfIsNotSent() {
    Transport transport = transport("5");
    Node contentLength =
        node(node.endpoint(), new NodeAuth("header", null, null, null, "Content-Length", "0"));
    AttemptResult result = transport.finish(transport.start(contentLength, parcel(1)));
    assertFalse(result.delivered());
    assertTrue(result.error().startsWith("request not sendable"), result::toString);
    assertTrue(clientPorts.isEmpty(), "nothing reached the node");
  }

  /** {@code count} waves of five calls under way at once, each answered 200. */
  private void waves(Transport transport, int count) {
    for (int wave = 0; wave < count; wave++) {
      List<Transport.Call> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) calls.add(transport.start(node, parcel(wave * 5L + i)));
      for (Transport.Call call : calls) {
        AttemptResult result = transport.finish(call);
        assertTrue(result.delivered(), result::toString);
      }
    }
  }

  private static Parcel parcel(long id) {
    return new Parcel(
        id, UUID.randomUUID(), "n", "e", "application/json", 1, "{}".getBytes(), Instant.now());
  }

  private static Node node(String endpoint, NodeAuth auth) {
    return new Node("n", "n", endpoint, true, false, List.of("e"), auth, null);
  }

  private Transport transport(String timeoutSeconds) {
    Transport transport =
        Transports.started(
            DeliverySettings.read(
                new SettingsReader(
                    key ->
                        Optional.ofNullable(Map.of("delivery.timeout", timeoutSeconds).get(key)))),
            "transport-test");
    transports.add(transport);
    return transport;
  }
}
