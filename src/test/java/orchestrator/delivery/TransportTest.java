package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.Collectors;
import orchestrator.configuration.SettingsReader;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeAuth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls to a real HTTP server on this machine. */
class TransportTest {
  private final Transport transport = new Transport();
  private final ExecutorService receiverThreads = Executors.newFixedThreadPool(5);
  private HttpServer receiver;
  private Node node;

  @BeforeEach
  void receiverAndTransport() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    receiver.setExecutor(receiverThreads);
    receiver.createContext("/events", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    for (int i = 0; i < 5; i++) receiverThreads.submit(() -> {}).get(); // its threads exist before anything is counted
    node = new Node("n", "n", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events", true, false, List.of("e"), NodeAuth.NONE, null);
    transport.settings = DeliverySettings.read(new SettingsReader(key -> Optional.ofNullable(Map.of("delivery.timeout", "5").get(key))));
    transport.clock = Clock.systemUTC();
    transport.threads = new ManagedThreadFactory() {
      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "transport-test");
        thread.setDaemon(true);
        return thread;
      }

      @Override
      public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      }
    };
    transport.createPool();
  }

  @AfterEach
  void stop() {
    transport.stop();
    receiver.stop(0);
    receiverThreads.shutdownNow();
  }

  /**
   * The client's sendAsync started a thread per call where the common pool has one thread (two
   * cores or fewer, as on the machines the project runs its tests and benchmark on).
   */
  @Test
  void callsReuseTheirThreadsInsteadOfStartingOnePerDelivery() {
    waves(2); // the client's own threads, the pool's first ones
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();

    waves(20);

    long started = threads.getTotalStartedThreadCount() - before;
    assertTrue(started < 20, "100 deliveries started " + started + " threads");
  }

  /** The client reads its answers on its selector thread: it starts no worker pool of its own. */
  @Test
  void theClientStartsNoWorkerThreadsOfItsOwn() {
    Set<Long> before = clientWorkers();

    waves(4);

    Set<Long> started = clientWorkers();
    started.removeAll(before); // idle workers live on for a minute: any the calls started are still here
    assertTrue(started.isEmpty(), "the client started " + started.size() + " worker threads");
  }

  /** The live threads the JDK's HTTP clients name HttpClient-N-Worker-N (their default executor's). */
  private static Set<Long> clientWorkers() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().matches("HttpClient-\\d+-Worker-\\d+")).map(Thread::getId).collect(Collectors.toSet());
  }

  /** {@code count} waves of five calls under way at once, each answered 200. */
  private void waves(int count) {
    for (int wave = 0; wave < count; wave++) {
      List<Transport.Call> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) calls.add(transport.start(node, new Parcel(wave * 5L + i, UUID.randomUUID(), "n", "e", "application/json", 1, "{}".getBytes(), Instant.now())));
      for (Transport.Call call : calls) {
        AttemptResult result = transport.finish(call);
        assertTrue(result.delivered(), result::toString);
      }
    }
  }
}
