package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import orchestrator.nodes.Node;
import orchestrator.nodes.NodeAuth;
import orchestrator.nodes.NodeStore;
import orchestrator.nodes.NodeStores;
import orchestrator.platform.database.Jdbc;
import orchestrator.platform.database.OneConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's run over deliveries the intake handed over, on the real PostgreSQL and a real HTTP
 * receiver: they are sent and recorded without a claim, under the same lease rules as claimed ones.
 */
class HandedRunIT {
  private static final String ME = "instance-1";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final HandedDeliveries handed = new HandedDeliveries();
  private OneConnection db;
  private HttpServer receiver;
  private Transport transport;
  private OutcomeRecorder recorder;
  private NodeStore nodes;
  private String endpoint;

  @BeforeEach
  void databaseAndReceiver() throws Exception {
    db = OneConnection.toNewDatabase().migrated();
    nodes = NodeStores.over(db.jdbc);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    receiver.createContext(
        "/events",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.add(exchange.getRequestHeaders().getFirst("Message-Id"));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
    nodes.insert(
        new Node("n", "n", endpoint, true, false, List.of("*"), NodeAuth.NONE, null),
        Instant.now());
  }

  @AfterEach
  void stop() throws Exception {
    if (transport != null) transport.stop();
    if (recorder != null) recorder.stop();
    receiver.stop(0);
    db.close();
  }

  @Test
  void handedDeliveriesAreSentAndRecordedWithoutAClaimWhileTheDatabasesDueOnesWaitForOne()
      throws Exception {
    List<Parcel> parcels =
        handOver(2, Instant.now().plus(NodeWorker.lease(NodeWorker.CLAIM_CHUNK, TIMEOUT)));
    UUID due = insertDue();

    NodeWorker.Run run = worker(100).run("n", ME, false, handed);

    assertEquals(
        List.of(parcels.get(0).messageId().toString(), parcels.get(1).messageId().toString()),
        received);
    assertEquals(NodeWorker.Then.NOTHING, run.then());
    // recorded: the handed rows were claimed by this instance, or the record would not apply
    assertEquals(List.of("DELIVERED 1 null", "DELIVERED 1 null", "PENDING 0 null"), rows());
    assertEquals(
        2L,
        db.jdbc
            .one(
                "select count(*) from delivery_attempt where outcome = 'DELIVERED'",
                row -> row.getLong(1))
            .orElseThrow());

    NodeWorker.Run claiming = worker(100).run("n", ME, true, handed);

    assertEquals(due.toString(), received.get(2));
    assertEquals(List.of("DELIVERED 1 null", "DELIVERED 1 null", "DELIVERED 1 null"), rows());
    assertEquals(new NodeWorker.Run(1, null, NodeWorker.Then.NOTHING, false), claiming);
  }

  /**
   * Handed deliveries that waited too long: a wave started now could outlast the lease, so none
   * starts.
   */
  @Test
  void handedDeliveriesWhoseLeaseIsAboutToEndAreGivenBackDueNowUnsent() throws Exception {
    handOver(2, Instant.now().plusSeconds(1));
    Instant before = Instant.now();

    NodeWorker.Run run = worker(100).run("n", ME, false, handed);

    assertEquals(List.of(), received);
    assertEquals(NodeWorker.Then.ROUND, run.then());
    assertTrue(run.claiming(), "the next run claims them from the database");
    assertEquals(List.of("PENDING 0 null", "PENDING 0 null"), rows());
    for (Instant dueAt :
        db.jdbc.list(
            "select next_attempt_at from delivery", row -> Jdbc.instant(row, "next_attempt_at"))) {
      assertTrue(
          !dueAt.isBefore(before.minusSeconds(1)) && !dueAt.isAfter(Instant.now()),
          "due now, not at the lease end: " + dueAt);
    }
  }

  @Test
  void aPausedNodesHandedDeliveriesAreGivenBackUnsent() throws Exception {
    handOver(3, Instant.now().plus(NodeWorker.lease(NodeWorker.CLAIM_CHUNK, TIMEOUT)));
    nodes.setPaused("n", true, Instant.now());

    NodeWorker.Run run =
        worker(2).run("n", ME, false, handed); // a chunk of two, and one more waiting

    assertEquals(List.of(), received);
    assertEquals(NodeWorker.Then.ROUND, run.then());
    assertEquals(List.of("PENDING 0 null", "PENDING 0 null", "PENDING 0 null"), rows());
    assertEquals(HandedDeliveries.Chunk.EMPTY, handed.take("n", 10));
  }

  /**
   * The run ends at the first refused connection; what it was handed rests with the failed one,
   * uncharged.
   */
  @Test
  void aNodeThatRefusesConnectionsRestsWithEverythingHandedToIt() throws Exception {
    handOver(3, Instant.now().plus(NodeWorker.lease(NodeWorker.CLAIM_CHUNK, TIMEOUT)));
    receiver.stop(0);

    NodeWorker.Run run = worker(2).run("n", ME, false, handed);

    assertEquals(1, run.attempted());
    assertTrue(
        run.restUntil() != null && run.restUntil().isAfter(Instant.now().plusSeconds(20)),
        "rests until the retry: " + run.restUntil());
    List<Instant> dueAt =
        db.jdbc.list(
            "select next_attempt_at from delivery where claimed_by is null and status = 'PENDING'",
            row -> Jdbc.instant(row, "next_attempt_at"));
    assertEquals(3, dueAt.size());
    for (Instant at : dueAt)
      assertTrue(
          Duration.between(run.restUntil(), at).abs().toNanos() <= 1_000,
          "due at the rest's end (to the microsecond): " + at);
    assertEquals(
        List.of(0, 0, 1),
        db.jdbc.list("select attempts from delivery order by attempts", row -> row.getInt(1)));
    assertEquals(HandedDeliveries.Chunk.EMPTY, handed.take("n", 10));
  }

  /**
   * Deliveries inserted as the intake hands them over: claimed by this instance, due at the lease
   * end.
   */
  private List<Parcel> handOver(int count, Instant leaseEnd) throws Exception {
    List<Parcel> parcels = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      UUID message = message(now);
      long id =
          db.jdbc
              .one(
                  "insert into delivery (message_id, node_id, status, attempts, next_attempt_at, created_at, claimed_by, claimed_until)"
                      + " values (?, 'n', 'PENDING', 0, ?, ?, ?, ?) returning id",
                  row -> row.getLong(1),
                  message,
                  leaseEnd,
                  now,
                  ME,
                  leaseEnd)
              .orElseThrow();
      parcels.add(
          new Parcel(id, message, "n", "event.x", "application/json", 1, "{}".getBytes(), now));
    }
    handed.add(parcels, leaseEnd);
    return parcels;
  }

  private UUID insertDue() throws Exception {
    Instant now = Instant.now();
    UUID message = message(now);
    db.jdbc.update(
        "insert into delivery (message_id, node_id, status, attempts, next_attempt_at, created_at) values (?, 'n', 'PENDING', 0, ?, ?)",
        message,
        now,
        now);
    return message;
  }

  private UUID message(Instant now) {
    UUID id = UUID.randomUUID();
    db.jdbc.update(
        "insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, created_at) values (?, 'event.x', 'p', 'application/json', 2, ?, 'h', ?)",
        id,
        "{}".getBytes(),
        now);
    return id;
  }

  private List<String> rows() {
    return db.jdbc.list(
        "select status, attempts, claimed_by from delivery order by id",
        row -> row.getString(1) + " " + row.getInt(2) + " " + row.getString(3));
  }

  private NodeWorker worker(int batch) {
    DeliverySettings settings =
        new DeliverySettings(
            2,
            batch,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            10,
            Duration.ofSeconds(60),
            TIMEOUT);
    if (transport == null) transport = Transports.started(settings, "handed-run-test");
    NodeWorker worker = new NodeWorker();
    worker.queue = new DeliveryQueue();
    worker.queue.jdbc = db.jdbc;
    if (recorder == null) {
      recorder = new OutcomeRecorder();
      recorder.threads = new TestThreads("handed-run-record");
      recorder.queue = worker.queue;
      recorder.start();
    }
    worker.recorder = recorder;
    worker.nodes = nodes;
    worker.transport = transport;
    worker.settings = settings;
    worker.clock = Clock.systemUTC();
    worker.metrics =
        new DeliveryMetrics() {
          @Override
          void attempt(
              Parcel parcel, AttemptResult result, Instant at) {} // no metric registry here
        };
    return worker;
  }
}
