import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The load program of bench/run: receiving nodes, authenticated producers, the phases, the table
 * and target/bench/results.json. JDK only, plus the PostgreSQL driver on the class path:
 *
 * <pre>
 *   java -cp postgresql-42.7.8.jar bench/Bench.java base=http://127.0.0.1:PORT db=bench_x pid=PAYARA_PID \
 *        keys=target/bench-keys issuer=ISS log=target/bench/payara.log out=target/bench/results.json
 * </pre>
 *
 * Every setting can also come from the environment as BENCH_NAME (e.g. BENCH_E2E_MESSAGES=5000). It
 * only talks to 127.0.0.1, every phase is bounded in count and in time, and it stops by itself.
 */
public class Bench {
  static final Map<String, String> ARGS = new HashMap<>();
  static final String[] ACTIVE = {"bench-a", "bench-b", "bench-c"};
  static final String PAUSED = "bench-paused";
  static final int MAX_PRODUCERS = 32;

  // where things are
  final String base = arg("base", "http://127.0.0.1:8080");
  final String dbName = arg("db", "bench");
  final String dbUrl =
      "jdbc:postgresql://127.0.0.1:5432/" + dbName + "?user=postgres&ApplicationName=bench";
  final long pid = Long.parseLong(arg("pid", "0"));
  final Path keys = Path.of(arg("keys", "target/bench-keys"));
  final String issuer = arg("issuer", "https://bench.orchestrator.invalid");
  final Path log = Path.of(arg("log", "target/bench/payara.log"));
  final Path out = Path.of(arg("out", "target/bench/results.json"));
  final String pgbench = arg("pgbench", "pgbench");
  final boolean quick = Boolean.parseBoolean(arg("quick", "false"));
  final boolean profile = Boolean.parseBoolean(arg("profile", "false"));

  /**
   * BENCH_PERF=true: the whole machine (PostgreSQL too, which JFR cannot see) sampled with perf
   * during the end-to-end phase.
   */
  final boolean perf = Boolean.parseBoolean(arg("perf", "false"));

  /**
   * Which phases after intake run (BENCH_PHASES=ceiling for a quick A/B of intake alone); all by
   * default.
   */
  final Set<String> phases = Set.of(arg("phases", "e2e,latency,round,ceiling").split(","));

  // how much load (all bounded)
  final double warmup = dbl("warmup", quick ? 1 : 3);
  final double jitWarmup = dbl("jit_warmup", quick ? 10 : 300);
  final double jitSlice = dbl("jit_slice", quick ? 5 : 10);
  final double jitQuiet = dbl("jit_quiet", 0.15);
  final double intakeSeconds = dbl("intake_seconds", quick ? 4 : 10);
  final int[] concurrencies =
      Arrays.stream(arg("concurrency", "1,8,32").split(","))
          .mapToInt(s -> Integer.parseInt(s.trim()))
          .toArray();

  /**
   * Unless set: about e2e_seconds worth of the 32-producer intake rate, between 1,000 and 20,000.
   */
  int e2eMessages = (int) dbl("e2e_messages", 0);

  final double e2eSeconds = dbl("e2e_seconds", quick ? 10 : 30);
  final double latencySeconds = dbl("latency_seconds", quick ? 4 : 10);

  /**
   * Unless set: about round_seconds worth of the end-to-end rate (without that phase, half the
   * 8-producer intake), between 300 and 2,000; the same for every backlog.
   */
  int roundBatch = (int) dbl("round_batch", 0);

  final double roundSeconds = dbl("round_seconds", quick ? 3 : 6);
  final int roundRepeats = (int) dbl("round_repeats", 2);
  final int backlogSmall = (int) dbl("backlog_small", 10_000);
  final int backlogLarge = (int) dbl("backlog_large", quick ? 100_000 : 1_000_000);
  final double drainTimeout = dbl("drain_timeout", 240);
  final double pgbenchSeconds = dbl("pgbench_seconds", quick ? 5 : 10);

  final Map<String, Object> results = new LinkedHashMap<>();
  final List<Receiver> receivers = new ArrayList<>();
  final List<PlainHttp> producerConnections = new ArrayList<>();
  final List<String> producerTokens = new ArrayList<>();
  final HttpClient adminClient =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final long started = System.nanoTime();
  PrivateKey key;
  String adminToken;
  Connection db;
  Sampler sampler;
  Receiver pausedReceiver;

  public static void main(String[] args) throws Exception {
    for (String a : args) {
      int i = a.indexOf('=');
      if (i < 1) throw new IllegalArgumentException("arguments are name=value, got: " + a);
      ARGS.put(a.substring(0, i), a.substring(i + 1));
    }
    Bench bench = new Bench();
    int status = 0;
    try {
      bench.run();
    } catch (Throwable e) {
      e.printStackTrace();
      bench.results.put("aborted", String.valueOf(e));
      status = 1;
    } finally {
      bench.close();
    }
    System.exit(status);
  }

  static String arg(String name, String fallback) {
    String value = ARGS.get(name);
    if (value == null) value = System.getenv("BENCH_" + name.toUpperCase(Locale.ROOT));
    return value == null || value.isBlank() ? fallback : value;
  }

  static double dbl(String name, double fallback) {
    return Double.parseDouble(arg(name, String.valueOf(fallback)));
  }

  // ------------------------------------------------------------------ the run

  void run() throws Exception {
    results.put("date", Instant.now().toString());
    results.put("machine", machine());
    results.put("server", serverSettings());
    db = DriverManager.getConnection(dbUrl);
    db.setAutoCommit(true);
    key = privateKey();
    adminToken = token("bench-admin", "admin");
    for (int i = 1; i <= MAX_PRODUCERS; i++) {
      producerTokens.add(token("bench-producer-" + i, "producer"));
      producerConnections.add(new PlainHttp(URI.create(base)));
    }
    for (String node : ACTIVE) {
      Receiver receiver = new Receiver(node);
      receivers.add(receiver);
      registerNode(node, receiver.endpoint(), "bench.*");
    }
    sampler = new Sampler(dbUrl, pid);
    sampler.start();
    say(
        "Service "
            + base
            + ", database "
            + dbName
            + ", receivers "
            + receivers.stream().map(Receiver::endpoint).toList());

    if (profile) startJfr();
    results.put("warmUp", warmUp());
    Map<String, Object> intake = new LinkedHashMap<>();
    for (int c : concurrencies) intake.put(String.valueOf(c), intake(c));
    results.put("intake", intake);
    if (phases.contains("e2e")) results.put("endToEnd", endToEnd());
    if (phases.contains("latency")) results.put("latency", latency());
    if (profile) stopJfr();
    if (phases.contains("round")) results.put("roundCost", roundCost());
    if (phases.contains("ceiling")) results.put("ceiling", ceiling());
    results.put("memory", memory());
    results.put("receivers", receiverFigures());
    results.put("serverLog", serverLog());
    results.put("machineSpeed", sampler.speed.between(Long.MIN_VALUE, Long.MAX_VALUE));
    results.put("benchSeconds", Math.round(seconds(System.nanoTime() - started)));
  }

  void close() {
    if (sampler != null) sampler.stop();
    for (Receiver r : receivers) r.stop();
    if (pausedReceiver != null) pausedReceiver.stop();
    try {
      if (db != null) db.close();
    } catch (SQLException ignored) {
      // the database is dropped by bench/run anyway
    }
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, Json.write(results, 0) + "\n");
      System.out.println();
      System.out.println(Table.render(results));
      System.out.println("Figures written to " + out);
    } catch (Exception e) {
      e.printStackTrace();
    }
  }

  // ------------------------------------------------------------------ intake

  /**
   * A freshly booted Payara compiles its hot code for minutes on 2 cores. Warm-up, not counted:
   * slices of jit_slice seconds, by turns of 8 and of MAX_PRODUCERS producers, each followed by a
   * drain, until the JIT compiler threads used less than jit_quiet cores during the posting of the
   * last two slices (one of each), or jit_warmup seconds passed. Warmed with 8 producers alone, the
   * 32-producer phase still had 0.21-0.27 cores of JIT in four of twelve runs, its three slowest
   * among them (docs/performance.md, twentieth round). Each slice also reads /metrics, as a scraper
   * does in production: read first at the end of the end-to-end phase, it deoptimized about a
   * hundred methods the request threads share, compiled again during the latency phase (0.14-0.28
   * cores of JIT there, where end to end had 0.02-0.11), so the latency phase measured that
   * compiling more than the product.
   */
  Map<String, Object> warmUp() throws Exception {
    say(
        "Warm-up (not measured): slices of "
            + jitSlice
            + " s, by turns with 8 and "
            + MAX_PRODUCERS
            + " producers, until the JIT compiler threads use < "
            + jitQuiet
            + " cores in two slices running (at most "
            + jitWarmup
            + " s)");
    long start = System.nanoTime();
    List<Object> slices = new ArrayList<>();
    long accepted = 0;
    Map<String, Object> errors = new TreeMap<>();
    boolean lastQuiet = false;
    for (int n = 0; ; n++) {
      int producers = n % 2 == 0 ? 8 : MAX_PRODUCERS;
      resetReceivers();
      Sampler.Mark mark = sampler.mark();
      long sliceStart = System.nanoTime();
      List<Post> posts =
          drive(producers, Long.MAX_VALUE, sliceStart + nanos(jitSlice), 0, sliceStart);
      long ended = System.nanoTime();
      Map<String, Object> cpu = sampler.since(mark);
      accepted += posts.stream().filter(p -> p.status == 201).count();
      errors(posts).forEach((k, v) -> errors.merge(k, v, (a, b) -> (Long) a + (Long) b));
      double jit = jitCompilerCores(cpu);
      Map<String, Object> slice = new LinkedHashMap<>();
      slice.put("producers", producers);
      slice.put(
          "msgPerSec", round1(posts.stream().filter(p -> p.status == 201).count() / jitSlice));
      slice.put("jitCompilerCores", round2(jit));
      slice.put("drain", drain(posts, ended));
      productMetrics(); // as a scraper would (see above)
      slices.add(slice);
      say(
          "  slice of "
              + producers
              + ": "
              + slice.get("msgPerSec")
              + " msg/s, JIT compiler threads "
              + round2(jit)
              + " cores");
      boolean quiet = jit < jitQuiet;
      if ((quiet && lastQuiet) || seconds(System.nanoTime() - start) >= jitWarmup) break;
      lastQuiet = quiet;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("seconds", Math.round(seconds(System.nanoTime() - start)));
    r.put("accepted", accepted);
    r.put("errors", errors);
    r.put("slices", slices);
    return r;
  }

  /** The cores Payara's JIT compiler threads used, from a Sampler result. */
  @SuppressWarnings("unchecked")
  static double jitCompilerCores(Map<String, Object> cpu) {
    return ((Map<String, Object>) cpu.getOrDefault("payaraCoresByThread", Map.of()))
        .entrySet().stream()
            .filter(e -> e.getKey().contains("CompilerThre"))
            .mapToDouble(e -> ((Number) e.getValue()).doubleValue())
            .sum();
  }

  /**
   * c producers post as fast as they can for warm-up + intakeSeconds; 201s in the measured window
   * count.
   */
  Map<String, Object> intake(int c) throws Exception {
    say(
        "Intake with "
            + c
            + " producer(s): "
            + warmup
            + " s warm-up, "
            + intakeSeconds
            + " s measured");
    resetReceivers();
    long start = System.nanoTime();
    long measureFrom = start + nanos(warmup);
    long measureTo = measureFrom + nanos(intakeSeconds);
    Sampler.Mark mark = sampler.mark();
    Instant windowFrom = Instant.now();
    List<Post> posts = drive(c, Long.MAX_VALUE, measureTo, 0, start);
    long postingEnded = System.nanoTime();
    Map<String, Object> cpu = sampler.since(mark);
    Map<String, Object> r = new LinkedHashMap<>();
    List<Post> window =
        posts.stream()
            .filter(p -> p.status == 201 && p.done >= measureFrom && p.done < measureTo)
            .toList();
    r.put("producers", c);
    r.put("msgPerSec", round1(window.size() / intakeSeconds));
    r.put("accepted", posts.stream().filter(p -> p.status == 201).count());
    r.put("errors", errors(posts));
    r.put("responseMs", percentiles(window.stream().mapToLong(p -> p.done - p.sent).toArray()));
    r.put("resources", cpu);
    // Payara's CPU per accepted message (intake and the deliveries running meanwhile): less
    // sensitive to other load than msg/s
    @SuppressWarnings("unchecked")
    Map<String, Object> cores = (Map<String, Object>) cpu.getOrDefault("coresUsed", Map.of());
    long acceptedInPhase = posts.stream().filter(p -> p.status == 201).count();
    if (cores.containsKey("payara") && acceptedInPhase > 0) {
      r.put(
          "payaraCpuMsPerMessage",
          round2(num(cores, "payara") * seconds(postingEnded - start) * 1000 / acceptedInPhase));
    }
    if (profile) profileWindows.add(new Window(r, windowFrom, Instant.now()));
    r.put("drain", drain(posts, postingEnded));
    return r;
  }

  /** Waits until every accepted message of the phase reached all three receivers. */
  Map<String, Object> drain(List<Post> posts, long postingEnded) throws Exception {
    long accepted = posts.stream().filter(p -> p.status == 201).count();
    long expected = accepted * ACTIVE.length;
    long deliveredAtEnd = arrived();
    boolean complete = awaitArrivals(expected, drainTimeout);
    long done = System.nanoTime();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("complete", complete);
    r.put("deliveriesAfterPosting", expected - deliveredAtEnd);
    r.put("seconds", round2(seconds(done - postingEnded)));
    if (done - postingEnded > nanos(1))
      r.put("deliveriesPerSec", round1((expected - deliveredAtEnd) / seconds(done - postingEnded)));
    r.put("undeliveredInDatabase", undelivered());
    return r;
  }

  // ------------------------------------------------------------------ end to end

  @SuppressWarnings("unchecked")
  Map<String, Object> endToEnd() throws Exception {
    if (e2eMessages <= 0) {
      Map<String, Object> i32 =
          (Map<String, Object>)
              ((Map<String, Object>) results.get("intake")).get(String.valueOf(MAX_PRODUCERS));
      double rate = i32 == null ? 100 : num(i32, "msgPerSec");
      e2eMessages =
          (int) Math.max(1000, Math.min(20_000, Math.round(rate * e2eSeconds / 100) * 100));
    }
    say(
        "End to end: "
            + e2eMessages
            + " messages by "
            + MAX_PRODUCERS
            + " producers, until all "
            + e2eMessages * ACTIVE.length
            + " deliveries arrived");
    Process recording = perf ? startPerf("e2e") : null;
    Map<String, Object> r = timedBatch(e2eMessages, true);
    if (recording != null) r.put("perf", stopPerf(recording, "e2e"));
    r.put(
        "databasePerMessage",
        databasePerMessage(
            castStats(r.remove("pgStatsBefore")), ((Number) r.get("messages")).longValue()));
    r.put("productMetrics", productMetrics());
    return r;
  }

  /**
   * Database activity per message since {@code before}, once the backends' statistics are flushed
   * (they flush when idle, within 10 s).
   */
  Map<String, Object> databasePerMessage(Map<String, Long> before, long messages) throws Exception {
    sleep(11);
    Map<String, Object> perMessage = new LinkedHashMap<>();
    for (var e : pgStats().entrySet()) {
      long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (delta != 0 && messages > 0) perMessage.put(e.getKey(), round2((double) delta / messages));
    }
    return perMessage;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Long> castStats(Object o) {
    return (Map<String, Long>) o;
  }

  /**
   * Posts n messages as fast as 32 producers can and waits until every delivery reached a receiver:
   * from the first POST to the last arrival.
   */
  Map<String, Object> timedBatch(int n, boolean full) throws Exception {
    resetReceivers();
    Map<String, Long> statsBefore = full ? pgStats() : null;
    Sampler.Mark mark = sampler.mark();
    Instant windowFrom = Instant.now();
    long t0 = System.nanoTime();
    List<Post> posts = drive(MAX_PRODUCERS, n, t0 + nanos(drainTimeout), 0, t0);
    long postingEnded = System.nanoTime();
    List<Post> ok = posts.stream().filter(p -> p.status == 201).toList();
    Map<String, Object> underBacklog = null;
    if (full) {
      // the round queries while the active nodes still have a backlog (intake outran delivery)
      underBacklog = new LinkedHashMap<>();
      underBacklog.put(
          "activePendingDeliveries",
          count(
              "select count(*) from delivery where status = 'PENDING' and node_id <> '"
                  + PAUSED
                  + "'"));
      underBacklog.put("queriesMs", explainAll("plans-e2e-backlog.txt"));
    }
    boolean complete = awaitArrivals((long) ok.size() * ACTIVE.length, drainTimeout);
    Map<String, Object> cpu = sampler.since(mark);
    long last = 0;
    long missing = 0;
    for (Post p : ok) {
      for (Receiver receiver : receivers) {
        Long at = receiver.arrivals.get(p.id);
        if (at == null) missing++;
        else last = Math.max(last, at);
      }
    }
    double secs = seconds(last - t0);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("messages", ok.size());
    r.put("errors", errors(posts));
    r.put("complete", complete && missing == 0);
    r.put("seconds", round2(secs));
    r.put("msgPerSec", round1(ok.size() / secs));
    r.put("deliveriesPerSec", round1(ok.size() * ACTIVE.length / secs));
    r.put("intakeMsgPerSecMeanwhile", round1(ok.size() / seconds(postingEnded - t0)));
    r.put("missingDeliveries", missing);
    r.put("undeliveredInDatabase", undelivered());
    r.put("resources", cpu);
    if (full && profile) profileWindows.add(new Window(r, windowFrom, Instant.now()));
    if (full) r.put("roundQueriesUnderBacklog", underBacklog);
    if (full) r.put("pgStatsBefore", statsBefore);
    return r;
  }

  // ------------------------------------------------------------------ latency

  @SuppressWarnings("unchecked")
  Map<String, Object> latency() throws Exception {
    double intakeMax =
        ((Number)
                ((Map<String, Object>)
                        ((Map<String, Object>) results.get("intake"))
                            .getOrDefault(String.valueOf(MAX_PRODUCERS), Map.of("msgPerSec", 0)))
                    .get("msgPerSec"))
            .doubleValue();
    double e2e =
        ((Number) ((Map<String, Object>) results.get("endToEnd")).get("msgPerSec")).doubleValue();
    double max = intakeMax > 0 ? Math.min(intakeMax, e2e) : e2e;
    double rate = Math.max(1, max / 2);
    say(
        "Latency at "
            + round1(rate)
            + " msg/s (half of "
            + round1(max)
            + " msg/s, the lower of intake and end to end) for "
            + latencySeconds
            + " s");
    resetReceivers();
    Map<String, Long> statsBefore = pgStats();
    Sampler.Mark mark = sampler.mark();
    Instant windowFrom = Instant.now();
    long t0 = System.nanoTime();
    List<Post> posts = drive(8, Long.MAX_VALUE, t0 + nanos(latencySeconds), rate, t0);
    long postingEnded = System.nanoTime();
    List<Post> ok = posts.stream().filter(p -> p.status == 201).toList();
    boolean complete = awaitArrivals((long) ok.size() * ACTIVE.length, drainTimeout);
    Map<String, Object> cpu = sampler.since(mark);
    long[] latencies = new long[ok.size() * ACTIVE.length];
    int n = 0;
    long negative = 0;
    Map<Integer, List<Long>> bySecond =
        new TreeMap<>(); // by the second of the phase the 201 came in
    for (Post p : ok) {
      for (Receiver receiver : receivers) {
        Long at = receiver.arrivals.get(p.id);
        if (at == null) continue;
        long l = at - p.done;
        if (l < 0) negative++;
        latencies[n++] = l;
        bySecond
            .computeIfAbsent((int) ((p.done - t0) / 1_000_000_000L), k -> new ArrayList<>())
            .add(l);
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("targetMsgPerSec", round1(rate));
    r.put(
        "basis",
        "half of min(intake with "
            + MAX_PRODUCERS
            + " producers, end to end) = half of "
            + round1(max)
            + " msg/s");
    r.put("achievedMsgPerSec", round1(ok.size() / seconds(postingEnded - t0)));
    r.put("messages", ok.size());
    r.put("errors", errors(posts));
    r.put("complete", complete);
    r.put("deliveriesMeasured", n);
    r.put("arrivedBefore201", negative);
    r.put("ms", percentiles(Arrays.copyOf(latencies, n)));
    r.put("responseMs", percentiles(ok.stream().mapToLong(p -> p.done - p.sent).toArray()));
    // whether the tail is spread over the phase or comes in bursts
    r.put(
        "p99MsBySecond",
        bySecond.values().stream()
            .map(l -> percentiles(l.stream().mapToLong(Long::longValue).toArray()).get("p99"))
            .toList());
    r.put("resources", cpu);
    if (profile) profileWindows.add(new Window(r, windowFrom, Instant.now()));
    r.put("databasePerMessage", databasePerMessage(statsBefore, ok.size()));
    return r;
  }

  // ------------------------------------------------------------------ round cost

  @SuppressWarnings("unchecked")
  Map<String, Object> roundCost() throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    if (roundBatch <= 0) {
      // Sized from the end-to-end rate; without that phase, from half the intake with 8 producers.
      Map<String, Object> e2e = (Map<String, Object>) results.get("endToEnd");
      Map<String, Object> intake8 =
          (Map<String, Object>) ((Map<String, Object>) results.get("intake")).get("8");
      double rate =
          e2e != null
              ? num(e2e, "msgPerSec")
              : intake8 != null ? num(intake8, "msgPerSec") / 2 : 500;
      roundBatch = (int) Math.max(300, Math.min(2000, Math.round(rate * roundSeconds / 100) * 100));
    }
    say(
        "Round cost: "
            + roundBatch
            + " messages to the 3 active nodes with 0, "
            + backlogSmall
            + " and "
            + backlogLarge
            + " PENDING rows of a paused node");
    r.put("batchMessages", roundBatch);
    r.put("0", roundSample());
    pausedReceiver = new Receiver(PAUSED);
    registerNode(PAUSED, pausedReceiver.endpoint(), "bench.backlog");
    call("POST", "/api/nodes/" + PAUSED + "/pause", null, 200);
    Map<String, Object> small = new LinkedHashMap<>(grow(backlogSmall));
    small.putAll(roundSample());
    r.put(String.valueOf(backlogSmall), small);
    Map<String, Object> large = new LinkedHashMap<>(grow(backlogLarge));
    large.putAll(roundSample());
    r.put(String.valueOf(backlogLarge), large);
    r.put("ratioBatch", round2(num(large, "batchMs") / num(small, "batchMs")));
    Map<String, Object> ratios = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    Map<String, Object> qs = (Map<String, Object>) small.get("queriesMs");
    @SuppressWarnings("unchecked")
    Map<String, Object> ql = (Map<String, Object>) large.get("queriesMs");
    for (String q : qs.keySet())
      ratios.put(q, round2(Math.max(0.001, num(ql, q)) / Math.max(0.001, num(qs, q))));
    r.put("ratioQueries", ratios);
    r.put(
        "pausedNodeStillPending",
        count(
            "select count(*) from delivery where node_id = '"
                + PAUSED
                + "' and status = 'PENDING'"));
    r.put("pausedNodeReceived", pausedReceiver.requests.get());
    return r;
  }

  static double num(Map<String, Object> m, String k) {
    return ((Number) m.get(k)).doubleValue();
  }

  /**
   * One measurement: the batch (best and all of roundRepeats) and the round queries' execution
   * times.
   */
  Map<String, Object> roundSample() throws Exception {
    List<Double> times = new ArrayList<>();
    List<Object> runs = new ArrayList<>();
    Sampler.Mark mark = sampler.mark();
    for (int i = 0; i < roundRepeats; i++) {
      Map<String, Object> b = timedBatch(roundBatch, false);
      if (!Boolean.TRUE.equals(b.get("complete")))
        throw new IllegalStateException("batch not delivered: " + b);
      times.add(num(b, "seconds") * 1000);
      runs.add(
          Map.of(
              "ms",
              Math.round(num(b, "seconds") * 1000),
              "deliveriesPerSec",
              b.get("deliveriesPerSec")));
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("batchMs", Math.round(median(times)));
    r.put("batchDeliveriesPerSec", round1(roundBatch * ACTIVE.length / (median(times) / 1000)));
    r.put("batchRuns", runs);
    r.put("resources", sampler.since(mark));
    r.put("queriesMs", explainAll());
    return r;
  }

  /**
   * Grows the paused node's backlog to total PENDING rows (messages + deliveries by
   * generate_series), EXPLAINs the round queries with the statistics as they are then, and runs
   * VACUUM ANALYZE and CHECKPOINT so that the batches that follow see fresh statistics and no
   * pending checkpoint.
   */
  Map<String, Object> grow(int total) throws Exception {
    long have = count("select count(*) from delivery where node_id = '" + PAUSED + "'");
    long t0 = System.nanoTime();
    String insert =
        "with m as (insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, created_at)"
            + " select gen_random_uuid(), 'bench.backlog', 'bench-backlog', 'application/json', 16, convert_to('{\"backlog\":true}', 'UTF8'), repeat('0', 64), now() - interval '1 hour'"
            + " from generate_series(1, ?) returning id, created_at)"
            + " insert into delivery (message_id, node_id, status, attempts, next_attempt_at, created_at)"
            + " select id, '"
            + PAUSED
            + "', 'PENDING', 0, created_at, created_at from m";
    try (PreparedStatement s = db.prepareStatement(insert)) {
      for (long left = total - have; left > 0; ) {
        int chunk = (int) Math.min(100_000, left);
        s.setInt(1, chunk);
        s.executeUpdate();
        left -= chunk;
        if (total - have > 100_000) say("  backlog: " + (total - left) + " / " + total);
      }
    }
    long inserted = System.nanoTime();
    // first the round queries as the statistics are right after the insert (what autovacuum has or
    // has not seen yet)
    Map<String, Object> stale = new LinkedHashMap<>();
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select n_mod_since_analyze, coalesce(greatest(last_analyze, last_autoanalyze)::text, 'never') analyzed from pg_stat_user_tables where relname = 'delivery'")) {
      rs.next();
      stale.put("deliveryRowsChangedSinceAnalyze", rs.getLong(1));
      stale.put("lastAnalyze", rs.getString(2));
    }
    stale.put("queriesMs", explainAll("plans-" + total + "-before-analyze.txt"));
    long explained = System.nanoTime();
    try (Statement s = db.createStatement()) {
      s.execute("vacuum analyze message");
      s.execute("vacuum analyze delivery");
      s.execute("vacuum analyze delivery_attempt");
      s.execute("checkpoint");
    }
    long prepared = System.nanoTime();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(
        "pausedPending",
        count(
            "select count(*) from delivery where node_id = '"
                + PAUSED
                + "' and status = 'PENDING'"));
    r.put("deliveryRows", count("select count(*) from delivery"));
    r.put("deliveryTableMB", count("select pg_total_relation_size('delivery') / 1048576"));
    r.put("insertSeconds", round1(seconds(inserted - t0)));
    r.put("vacuumAnalyzeCheckpointSeconds", round1(seconds(prepared - explained)));
    r.put("beforeAnalyze", stale);
    say(
        "  backlog ready: "
            + r.get("pausedPending")
            + " PENDING for the paused node, delivery table "
            + r.get("deliveryTableMB")
            + " MB");
    return r;
  }

  static final Map<String, String> ROUND_QUERIES = new LinkedHashMap<>();

  /**
   * DeliveryQueue.claim on PostgreSQL, parameters numbered (the node columns as NodeStore.columns
   * lists them).
   */
  static final String CLAIM =
      "with n as (select node.id node_id, node.name node_name, node.endpoint node_endpoint, node.enabled node_enabled, node.paused node_paused,"
          + " node.event_types node_event_types, node.auth node_auth, node.secret node_secret from node where id = $1 and not paused),"
          + " due as (select id, next_attempt_at from delivery where node_id = (select node_id from n) and status = 'PENDING' and next_attempt_at <= $2"
          + " order by next_attempt_at, id limit $3 for update skip locked),"
          + " claimed as (update delivery d set next_attempt_at = $4, claimed_by = $5, claimed_until = $4 from due where d.id = due.id"
          + " returning d.id, d.message_id, d.attempts, due.next_attempt_at due_at)"
          + " select c.id, c.message_id, c.attempts, c.due_at, m.event_type, m.content_type, m.body, m.created_at, n.*"
          + " from claimed c join message m on m.id = c.message_id cross join n";

  /**
   * The settings Jdbc.listByIndexes runs the claim, the round query and the counts with (each, set
   * local).
   */
  static final String[] CLAIM_SETTINGS = {
    "enable_seqscan = off",
    "enable_bitmapscan = off",
    "enable_hashjoin = off",
    "enable_mergejoin = off",
    "enable_sort = off",
    "jit = off"
  };

  static final String FIRST_DUE =
      "(select d.next_attempt_at from delivery d where d.node_id = n.id and d.status = 'PENDING' order by d.next_attempt_at limit 1)";

  static {
    // copied from DeliveryQueue (the round and the claim) and DeliveryStore (the metrics refresh),
    // literals bound
    // the round's one query (it has no parameter, so no generic plan of its own)
    ROUND_QUERIES.put(
        "firstDueByNode",
        "select n.id, " + FIRST_DUE + " first_due from node n where not n.paused");
    ROUND_QUERIES.put(
        "claim",
        CLAIM
            .replace("$1", "'bench-a'")
            .replace("$2", "now()")
            .replace("$3", "50")
            .replace("$4", "now() + interval '120 seconds'")
            .replace("$5", "'bench'"));
    ROUND_QUERIES.put(
        "claimGenericPlan",
        "execute bench_claim('bench-a', now(), 50, now() + interval '120 seconds', 'bench')");
    ROUND_QUERIES.put(
        "metricsCountsByNode",
        "select node_id, sum(case when status = 'PENDING' then 1 else 0 end) pending, sum(case when status = 'FROZEN' then 1 else 0 end) frozen from delivery where status <> 'DELIVERED' group by node_id");
    ROUND_QUERIES.put(
        "metricsOldestPendingByNode",
        "select n.id, (select d.created_at from delivery d where d.node_id = n.id and d.status = 'PENDING' order by d.id limit 1) oldest from node n");
  }

  /**
   * EXPLAIN (ANALYZE) execution time of each query: the median of 5 runs, inside a rolled-back
   * transaction; the plans go to target/bench/plans-*.txt.
   */
  Map<String, Object> explainAll() throws Exception {
    long pending =
        count(
            "select count(*) from delivery where node_id = '"
                + PAUSED
                + "' and status = 'PENDING'");
    return explainAll("plans-" + pending + ".txt");
  }

  Map<String, Object> explainAll(String planFile) throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    StringBuilder plans = new StringBuilder();
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      // only for the prepared bench_claim: the one generic plan the product keeps per connection
      // (Jdbc.listByIndexes)
      s.execute("set plan_cache_mode = force_generic_plan");
      s.execute("prepare bench_claim(varchar, timestamptz, int, timestamptz, varchar) as " + CLAIM);
      c.commit();
      for (var q : ROUND_QUERIES.entrySet()) {
        List<Double> times = new ArrayList<>();
        String plan = "";
        for (int i = 0; i < 5; i++) {
          StringBuilder text = new StringBuilder();
          // as the product plans them: Jdbc.listByIndexes (since 2026-12-02 the counts of open
          // deliveries too) or Jdbc.planAsQueue
          if (q.getKey().startsWith("claim")
              || q.getKey().equals("firstDueByNode")
              || q.getKey().equals("metricsCountsByNode")) {
            for (String setting : CLAIM_SETTINGS) s.execute("set local " + setting);
          } else {
            s.execute("set local enable_sort = off");
          }
          try (ResultSet rs = s.executeQuery("explain (analyze, buffers) " + q.getValue())) {
            while (rs.next()) text.append(rs.getString(1)).append('\n');
          }
          c.rollback();
          Matcher m = Pattern.compile("Execution Time: ([0-9.]+) ms").matcher(text);
          if (m.find()) times.add(Double.parseDouble(m.group(1)));
          plan = text.toString();
        }
        r.put(q.getKey(), round3(median(times)));
        plans
            .append("-- ")
            .append(q.getKey())
            .append(": ")
            .append(q.getValue())
            .append('\n')
            .append(plan)
            .append('\n');
      }
    }
    Files.writeString(out.toAbsolutePath().getParent().resolve(planFile), plans);
    return r;
  }

  // ------------------------------------------------------------------ database ceiling

  Map<String, Object> ceiling() throws Exception {
    say(
        "Database ceiling: pgbench with bench/intake.sql (one message + 3 deliveries per transaction)");
    try (Statement s = db.createStatement()) {
      s.execute("create schema ceiling");
      s.execute("create table ceiling.message (like public.message including all)");
      s.execute("create table ceiling.delivery (like public.delivery including all)");
      s.execute(
          "alter table ceiling.delivery add foreign key (message_id) references ceiling.message (id) on delete cascade");
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("script", "bench/intake.sql");
    double best = 0;
    for (int c : new int[] {8, 32}) {
      Sampler.Mark mark = sampler.mark();
      List<String> command =
          List.of(
              pgbench,
              "-n",
              "-M",
              "prepared",
              "-c",
              String.valueOf(c),
              "-j",
              "2",
              "-T",
              String.valueOf((int) pgbenchSeconds),
              "-f",
              "bench/intake.sql",
              "-h",
              "127.0.0.1",
              "-p",
              "5432",
              "-U",
              "postgres",
              dbName);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor((long) pgbenchSeconds + 60, TimeUnit.SECONDS)) p.destroyForcibly();
      Matcher m =
          Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(text);
      Matcher lat = Pattern.compile("latency average = ([0-9.]+) ms").matcher(text);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("command", String.join(" ", command));
      if (m.find()) {
        double tps = Double.parseDouble(m.group(1));
        run.put("tps", round1(tps));
        best = Math.max(best, tps);
      } else {
        run.put("failed", text.length() > 2000 ? text.substring(text.length() - 2000) : text);
      }
      if (lat.find()) run.put("latencyMs", Double.parseDouble(lat.group(1)));
      run.put("resources", sampler.since(mark));
      r.put("clients" + c, run);
    }
    r.put("tps", round1(best));
    @SuppressWarnings("unchecked")
    Map<String, Object> intake32 =
        (Map<String, Object>)
            ((Map<String, Object>) results.get("intake")).get(String.valueOf(MAX_PRODUCERS));
    if (intake32 != null && best > 0)
      r.put("ratioIntakeToCeiling", round3(num(intake32, "msgPerSec") / best));
    return r;
  }

  // ------------------------------------------------------------------ memory, log, receivers

  Map<String, Object> memory() throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    if (pid > 0) {
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      r.put("rssMB", round1(kb(status, "VmRSS") / 1024.0));
      r.put("peakRssMB", round1(kb(status, "VmHWM") / 1024.0));
      // what the resident set is made of: private memory (heap, metaspace, code, stacks, malloc)
      // and
      // mapped files (the JDK's modules, the jars), and how much of it is the heap G1 has committed
      r.put("anonMB", round1(kb(status, "RssAnon") / 1024.0));
      r.put("fileMB", round1(kb(status, "RssFile") / 1024.0));
      r.put("threads", kb(status, "Threads"));
      r.putAll(heap());
      r.put("xmx", "512m");
    }
    return r;
  }

  static long kb(String status, String field) {
    Matcher m = Pattern.compile(field + ":\\s+(\\d+)").matcher(status);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The heap's committed and used size, from jcmd GC.heap_info; empty if jcmd cannot attach. */
  Map<String, Object> heap() {
    Map<String, Object> r = new LinkedHashMap<>();
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process p =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
      Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
      if (m.find()) {
        r.put("heapCommittedMB", round1(Long.parseLong(m.group(1)) / 1024.0));
        r.put("heapUsedMB", round1(Long.parseLong(m.group(2)) / 1024.0));
      }
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
    }
    return r;
  }

  Map<String, Object> serverLog() throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    if (!Files.exists(log)) return r;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    int from = 0;
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(" ready in ")) from = i;
    List<String> after = lines.subList(from, lines.size());
    r.put("warningsAfterBoot", after.stream().filter(l -> l.contains("WARNING")).count());
    r.put("severeAfterBoot", after.stream().filter(l -> l.contains("SEVERE")).count());
    return r;
  }

  Map<String, Object> receiverFigures() {
    Map<String, Object> r = new LinkedHashMap<>();
    for (Receiver receiver : receivers) {
      r.put(
          receiver.node,
          Map.of(
              "requests",
              receiver.requests.get(),
              "duplicates",
              receiver.duplicates.get(),
              "maxConcurrentRequests",
              receiver.maxInflight.get()));
    }
    return r;
  }

  /** A few figures from the product's own /metrics (Prometheus text), summed over nodes. */
  Map<String, Object> productMetrics() {
    Map<String, Object> r = new LinkedHashMap<>();
    try {
      HttpResponse<String> response =
          adminClient.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Map<String, Double> sums = new TreeMap<>();
      for (String line : response.body().split("\n")) {
        if (line.startsWith("#") || !line.contains("orchestrator")) continue;
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name = brace > 0 ? line.substring(0, brace) : line.substring(0, space);
        if (!(name.endsWith("_count")
            || name.endsWith("_sum")
            || name.endsWith("_total")
            || name.endsWith("_max"))) continue;
        try {
          double v = Double.parseDouble(line.substring(space + 1));
          sums.merge(name, v, name.endsWith("_max") ? Math::max : Double::sum);
        } catch (NumberFormatException ignored) {
          // not a sample line
        }
      }
      for (var e : sums.entrySet()) {
        String name = e.getKey();
        if (name.endsWith("_sum") && sums.containsKey(name.replace("_sum", "_count"))) {
          double count = sums.get(name.replace("_sum", "_count"));
          if (count > 0)
            r.put(name.replace("_sum", "_mean_ms"), round3(e.getValue() / count * 1000));
        }
        if (name.endsWith("_count") || name.endsWith("_total"))
          r.put(name, Math.round(e.getValue()));
      }
    } catch (Exception e) {
      r.put("error", String.valueOf(e));
    }
    return r;
  }

  // ------------------------------------------------------------------ load driver

  /** One POST: when it was sent, when its answer came (nanoTime), the status and the message id. */
  record Post(long sent, long done, int status, String id) {}

  /**
   * Runs `threads` producers until `max` posts were made or `deadline` passed. With rate > 0 the
   * posts are paced: post i is sent at start + i / rate (open loop, late posts go at once).
   */
  List<Post> drive(int threads, long max, long deadline, double rate, long start)
      throws InterruptedException {
    ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
    AtomicLong ticket = new AtomicLong();
    long period = rate > 0 ? (long) (1e9 / rate) : 0;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      PlainHttp connection = producerConnections.get(t);
      String token = producerTokens.get(t);
      Thread worker =
          new Thread(
              () -> {
                while (true) {
                  long i = ticket.getAndIncrement();
                  if (i >= max) break;
                  if (period > 0) {
                    long due = start + i * period;
                    if (due >= deadline) break;
                    for (long wait; (wait = due - System.nanoTime()) > 0; )
                      LockSupport.parkNanos(wait);
                  } else if (System.nanoTime() >= deadline) {
                    break;
                  }
                  posts.add(post(connection, token, i));
                }
              },
              "producer-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) worker.join();
    return new ArrayList<>(posts);
  }

  Post post(PlainHttp connection, String token, long seq) {
    byte[] body = body(seq);
    byte[] head =
        ("POST /api/messages HTTP/1.1\r\nHost: "
                + connection.hostAndPort
                + "\r\nAuthorization: Bearer "
                + token
                + "\r\nContent-Type: application/json\r\nEvent-Type: bench.load\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    long sent = System.nanoTime();
    try {
      PlainHttp.Answer answer = connection.exchange(head, body);
      long done = System.nanoTime();
      String location = answer.location();
      return new Post(
          sent,
          done,
          answer.status(),
          location == null ? null : location.substring(location.lastIndexOf('/') + 1));
    } catch (IOException e) {
      return new Post(sent, System.nanoTime(), -1, null);
    }
  }

  /** A JSON body of exactly 1,024 bytes. */
  static byte[] body(long seq) {
    String head =
        "{\"type\":\"bench.load\",\"seq\":" + seq + ",\"at\":\"" + Instant.now() + "\",\"pad\":\"";
    StringBuilder json = new StringBuilder(1024).append(head);
    while (json.length() < 1022) json.append('x');
    return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, Object> errors(Collection<Post> posts) {
    Map<String, Object> r = new TreeMap<>();
    for (Post p : posts)
      if (p.status != 201)
        r.merge(
            p.status == -1 ? "io-error" : String.valueOf(p.status),
            1L,
            (a, b) -> (Long) a + (Long) b);
    return r;
  }

  void resetReceivers() {
    for (Receiver r : receivers) r.arrivals.clear();
  }

  long arrived() {
    return receivers.stream().mapToLong(r -> r.arrivals.size()).sum();
  }

  boolean awaitArrivals(long expected, double timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + nanos(timeoutSeconds);
    while (arrived() < expected) {
      if (System.nanoTime() > deadline) {
        say("  timed out: " + arrived() + " of " + expected + " deliveries arrived");
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /**
   * Deliveries of the active nodes not DELIVERED in the database; the outcome is written just after
   * the receiver answered, so allow it up to 10 s.
   */
  long undelivered() throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + nanos(10);
    long n;
    while ((n = undeliveredNow()) > 0 && System.nanoTime() < deadline) Thread.sleep(100);
    return n;
  }

  long undeliveredNow() throws SQLException {
    return count(
        "select count(*) from delivery where status <> 'DELIVERED' and node_id <> '"
            + PAUSED
            + "'");
  }

  // ------------------------------------------------------------------ the product's API

  void registerNode(String id, String endpoint, String eventType) throws Exception {
    call(
        "POST",
        "/api/nodes",
        "{\"id\":\""
            + id
            + "\",\"endpoint\":\""
            + endpoint
            + "\",\"eventTypes\":[\""
            + eventType
            + "\"]}",
        201);
  }

  String call(String method, String path, String json, int expected) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + adminToken);
    if (json != null)
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    else request.method(method, HttpRequest.BodyPublishers.noBody());
    HttpResponse<String> response =
        adminClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected)
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    return response.body();
  }

  // ------------------------------------------------------------------ tokens (as dev/DevToken.java
  // signs them)

  PrivateKey privateKey() throws Exception {
    String pem =
        Files.readString(keys.resolve("private.pem")).replaceAll("-----[A-Z ]+-----|\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
  }

  String token(String subject, String group) throws Exception {
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"sub\":\""
            + subject
            + "\",\"upn\":\""
            + subject
            + "\",\"groups\":[\""
            + group
            + "\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 7200)
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\"}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(signature.sign());
  }

  // ------------------------------------------------------------------ profiling
  // (BENCH_PROFILE=true)

  /**
   * A phase to summarize from the profile: its results map gets a "profile" entry for [from, to].
   */
  record Window(Map<String, Object> phase, Instant from, Instant to) {}

  final List<Window> profileWindows = new ArrayList<>();

  /**
   * One recording for the whole run, started before the warm-up: starting JFR retransforms JDK
   * classes and deoptimizes code, which would distort a phase that started it.
   */
  void startJfr() throws Exception {
    Path file = out.toAbsolutePath().getParent().resolve("bench.jfr");
    Files.deleteIfExists(file);
    say("Profiling Payara with JFR into " + file);
    exec(
        "jcmd",
        String.valueOf(pid),
        "JFR.start",
        "name=bench",
        "settings=profile",
        "filename=" + file);
  }

  void stopJfr() throws Exception {
    exec("jcmd", String.valueOf(pid), "JFR.stop", "name=bench");
    Path file = out.toAbsolutePath().getParent().resolve("bench.jfr");
    for (Window w : profileWindows)
      w.phase.put("profile", JfrSummary.summarize(file, w.from, w.to));
  }

  /**
   * perf record of every CPU until stopPerf, 300 s at most; null (and said why) when perf cannot
   * run here.
   */
  Process startPerf(String phase) {
    Path file = out.toAbsolutePath().getParent().resolve("perf-" + phase + ".data");
    try {
      Files.deleteIfExists(file);
      Process p =
          new ProcessBuilder(
                  "perf", "record", "-a", "-F", "997", "-o", file.toString(), "--", "sleep", "300")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      say("Recording the whole machine with perf into " + file);
      return p;
    } catch (Exception e) {
      say(
          "perf cannot run here ("
              + e.getMessage()
              + "): install linux-perf, run as root (or lower kernel.perf_event_paranoid)");
      return null;
    }
  }

  /**
   * Stops the recording (perf writes its file on SIGTERM) and summarizes it: the share of samples
   * per process and per thread name and binary (the kernel's among them), and PostgreSQL's busiest
   * functions (its binary is usually stripped: static functions show as addresses, to be placed
   * between the exported symbols around them).
   */
  Map<String, Object> stopPerf(Process recording, String phase) throws Exception {
    recording.destroy();
    recording.waitFor(60, TimeUnit.SECONDS);
    Path file = out.toAbsolutePath().getParent().resolve("perf-" + phase + ".data");
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("file", file.toString());
    summary.put(
        "byProcess",
        perfShares(exec("perf", "report", "-i", file.toString(), "--sort", "comm", "--stdio"), 12));
    summary.put(
        "postgresBySymbol",
        perfShares(
            exec(
                "perf",
                "report",
                "-i",
                file.toString(),
                "--comm",
                "postgres",
                "--sort",
                "sym",
                "--stdio"),
            25));
    // the kernel's share by thread: where system calls and thread switches cost (JIT-compiled Java
    // shows as [JIT] tid N)
    summary.put(
        "byThreadAndObject",
        perfShares(
            exec("perf", "report", "-i", file.toString(), "--sort", "comm,dso", "--stdio"), 20));
    say("perf, share of all samples by process: " + summary.get("byProcess"));
    return summary;
  }

  /** The first lines of a perf report (" 39.69% postgres"): name to percent of all samples. */
  static Map<String, Double> perfShares(String report, int limit) {
    Map<String, Double> shares = new LinkedHashMap<>();
    Matcher line =
        Pattern.compile("^\\s*([0-9.]+)%\\s+(.+?)\\s*$", Pattern.MULTILINE).matcher(report);
    while (shares.size() < limit && line.find())
      shares.merge(
          line.group(2).replaceAll("\\s{2,}", " | "),
          Double.parseDouble(line.group(1)),
          Double::sum);
    return shares;
  }

  static String exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return text;
  }

  // ------------------------------------------------------------------ database helpers

  long count(String sql) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Cumulative statistics of the benchmark database: transactions, and per table and index what was
   * done.
   */
  Map<String, Long> pgStats() throws SQLException {
    Map<String, Long> r = new TreeMap<>();
    try (Statement s = db.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_fetched, tup_returned from pg_stat_database where datname = current_database()")) {
        rs.next();
        for (String c :
            new String[] {
              "xact_commit",
              "xact_rollback",
              "tup_inserted",
              "tup_updated",
              "tup_fetched",
              "tup_returned"
            }) r.put("db." + c, rs.getLong(c));
      }
      try (ResultSet rs =
          s.executeQuery(
              "select relname, coalesce(seq_scan,0) seq_scan, coalesce(seq_tup_read,0) seq_tup_read, coalesce(idx_scan,0) idx_scan, n_tup_ins, n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where schemaname = 'public'")) {
        while (rs.next()) {
          String t = rs.getString("relname");
          for (String c :
              new String[] {
                "seq_scan", "seq_tup_read", "idx_scan", "n_tup_ins", "n_tup_upd", "n_tup_hot_upd"
              }) r.put("table." + t + "." + c, rs.getLong(c));
        }
      }
      // the write-ahead log of the whole server, where the benchmark's database is the only busy
      // one: records, full-page images (a page's first change after a checkpoint) and bytes
      try (ResultSet rs =
          s.executeQuery("select wal_records, wal_fpi, wal_bytes::bigint from pg_stat_wal")) {
        if (rs.next()) {
          r.put("wal.records", rs.getLong(1));
          r.put("wal.fullPageImages", rs.getLong(2));
          r.put("wal.bytes", rs.getLong(3));
        }
      } catch (SQLException e) {
        // pg_stat_wal is PostgreSQL 14 and later: without it, no WAL figures
      }
      try (ResultSet rs =
          s.executeQuery(
              "select indexrelname, idx_scan, idx_tup_read from pg_stat_user_indexes where schemaname = 'public'")) {
        while (rs.next()) {
          r.put("index." + rs.getString(1) + ".idx_scan", rs.getLong(2));
          r.put("index." + rs.getString(1) + ".idx_tup_read", rs.getLong(3));
        }
      }
    }
    return r;
  }

  // ------------------------------------------------------------------ machine

  Map<String, Object> machine() throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("nproc", Runtime.getRuntime().availableProcessors());
    String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
    Matcher model = Pattern.compile("model name\\s*:\\s*(.*)").matcher(cpuinfo);
    r.put("cpu", model.find() ? model.group(1).trim() : "?");
    String meminfo = Files.readString(Path.of("/proc/meminfo"));
    r.put("memoryGB", round1(kb(meminfo, "MemTotal") / 1024.0 / 1024.0));
    r.put("kernel", Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
    r.put(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select version()")) {
      rs.next();
      r.put("postgresql", rs.getString(1));
    }
    r.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).trim());
    return r;
  }

  Map<String, Object> serverSettings() throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(
        "payara",
        "Payara Micro "
            + arg("payara_version", "6.2025.10")
            + ", -Xmx512m, --nohazelcast, --maxHttpThreads 32");
    r.put("payaraJava", arg("payara_java", "java"));
    r.put("delivery", "defaults (workers 4, batch 100, timeout 10 s, interval 60 s)");
    r.put("purge", "PURGE_INTERVAL=0 (disabled, keeps the run clean)");
    r.put("pool", "the application's own pool, 2-32 connections");
    r.put("extraJvmOptions", arg("java_opts", "none"));
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select name, setting from pg_settings where name in ('shared_buffers','synchronous_commit','fsync','max_connections','wal_level','commit_delay') order by name")) {
      Map<String, Object> pg = new LinkedHashMap<>();
      while (rs.next()) pg.put(rs.getString(1), rs.getString(2));
      r.put("postgresqlSettings", pg);
    }
    return r;
  }

  // ------------------------------------------------------------------ small helpers

  static long nanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  static void sleep(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }

  void say(String text) {
    System.out.printf("[%5.1f s] %s%n", seconds(System.nanoTime() - started), text);
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) return Double.NaN;
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** p50, p95, p99 and max in ms of nanosecond values (nearest rank). */
  static Map<String, Object> percentiles(long[] nanos) {
    Map<String, Object> r = new LinkedHashMap<>();
    if (nanos.length == 0) return r;
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    for (int p : new int[] {50, 95, 99})
      r.put(
          "p" + p,
          round2(sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6));
    r.put("max", round2(sorted[sorted.length - 1] / 1e6));
    r.put("min", round2(sorted[0] / 1e6));
    return r;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  // ------------------------------------------------------------------ receiving node

  /**
   * A receiving node: answers 200 at once and records when each Message-Id first arrived. Plain
   * HTTP/1.1 over a socket, a thread per connection (the product keeps a few open per node).
   */
  static final class Receiver {
    static final byte[] OK =
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    final String node;
    final ServerSocket server;
    final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    final ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicInteger inflight = new AtomicInteger();
    final AtomicInteger maxInflight = new AtomicInteger();
    final Map<String, Boolean> everSeen = new ConcurrentHashMap<>();

    Receiver(String node) throws IOException {
      this.node = node;
      server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket socket = server.accept();
                    connections.add(socket);
                    Thread serving = new Thread(() -> serve(socket), "receiver-" + node);
                    serving.setDaemon(true);
                    serving.start();
                  } catch (IOException e) {
                    // closed: stopping
                  }
                }
              },
              "receiver-" + node + "-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    void serve(Socket socket) {
      try (socket) {
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
        OutputStream out = socket.getOutputStream();
        while (true) {
          PlainHttp.Head request = PlainHttp.readHead(in);
          if (request == null) return; // the client closed the connection
          long at = System.nanoTime();
          maxInflight.accumulateAndGet(inflight.incrementAndGet(), Math::max);
          try {
            in.skipNBytes(request.contentLength());
            String id = request.messageId();
            requests.incrementAndGet();
            if (id != null) {
              arrivals.putIfAbsent(id, at);
              if (everSeen.putIfAbsent(id, Boolean.TRUE) != null) duplicates.incrementAndGet();
            }
          } finally {
            inflight.decrementAndGet();
          }
          out.write(OK);
          out.flush();
          if (request.close()) return;
        }
      } catch (IOException e) {
        // the connection broke or the receiver stopped: the product sees a failed call and retries
      } finally {
        connections.remove(socket);
      }
    }

    String endpoint() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/events";
    }

    void stop() {
      try {
        server.close();
      } catch (IOException e) {
        // stopping anyway
      }
      for (Socket socket : connections) {
        try {
          socket.close();
        } catch (IOException e) {
          // stopping anyway
        }
      }
    }
  }

  // ------------------------------------------------------------------ plain HTTP/1.1

  /**
   * One producer's keep-alive connection to the service, HTTP/1.1 spoken by hand: the request
   * written in one go, the answer read off the socket (status line, headers, a Content-Length or
   * chunked body). The JDK client hands every exchange between its own threads, which cost the load
   * program about 0.35 ms of CPU per request, taken from the two cores the product is measured on.
   */
  static final class PlainHttp {
    /**
     * A connection idle longer than this is opened afresh: the server may have closed it meanwhile.
     */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    record Answer(int status, String location) {}

    /** A request's or an answer's head: what the benchmark reads of it. */
    record Head(
        String firstLine,
        long contentLength,
        boolean chunked,
        boolean close,
        String location,
        String messageId) {}

    final String host;
    final int port;
    final String hostAndPort;
    Socket socket;
    InputStream in;
    OutputStream out;
    long lastUsed;

    PlainHttp(URI base) {
      host = base.getHost();
      port = base.getPort();
      hostAndPort = host + ":" + port;
    }

    Answer exchange(byte[] head, byte[] body) throws IOException {
      if (socket == null || System.nanoTime() - lastUsed > IDLE_NANOS) open();
      try {
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        Head answer = readHead(in);
        if (answer == null) throw new EOFException("the server closed the connection");
        if (answer.chunked()) {
          while (true) {
            String size = readLine(in);
            long length = Long.parseLong(size.split(";")[0].trim(), 16);
            if (length == 0) {
              while (!readLine(in).isEmpty()) {} // trailers
              break;
            }
            in.skipNBytes(length);
            readLine(in);
          }
        } else if (answer.contentLength() > 0) {
          in.skipNBytes(answer.contentLength());
        }
        lastUsed = System.nanoTime();
        if (answer.close()) close();
        return new Answer(Integer.parseInt(answer.firstLine().substring(9, 12)), answer.location());
      } catch (IOException | RuntimeException e) {
        close();
        throw e instanceof IOException io ? io : new IOException(e);
      }
    }

    private void open() throws IOException {
      close();
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      in = new BufferedInputStream(socket.getInputStream(), 16384);
      out = socket.getOutputStream();
    }

    void close() {
      if (socket == null) return;
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }

    /** The head of a request or answer; null if the stream ended before it began. */
    static Head readHead(InputStream in) throws IOException {
      String first;
      try {
        first = readLine(in);
      } catch (EOFException e) {
        return null;
      }
      long length = 0;
      boolean chunked = false, close = false;
      String location = null, messageId = null;
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        if (colon < 0) continue;
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          case "location" -> location = value;
          case "message-id" -> messageId = value;
          default -> {}
        }
      }
      return new Head(first, length, chunked, close, location, messageId);
    }

    /** A line without its CR LF (ISO-8859-1). */
    static String readLine(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) throw new EOFException();
        if (b != '\r') line.append((char) b);
      }
      return line.toString();
    }
  }

  // ------------------------------------------------------------------ resources sampler

  /**
   * How fast the machine is at the moment, in two fixed pieces of work timed in thread CPU time
   * every 250 ms on a daemon thread of the load program (about 1.5 % of a core): xorshift steps in
   * registers (about 2 ms at the fastest seen), and a walk of 20,000 dependent reads through a
   * random cycle over 32 MB, larger than a core's caches (about 3 ms), whose time is the memory's
   * latency. On the virtual machines this benchmark was written on, a fixed loop took 190 to 440 ms
   * of CPU from one minute to the next with the machine idle, and one virtual CPU could be twice as
   * fast as the other at the same moment (presumably the host's other guests on the same cores;
   * steal time does not show it), while the same build accepted 1,300 or 2,500 msg/s. Each phase
   * reports the medians, so that runs can be compared at a known speed (docs/performance.md, "The
   * machine's speed").
   */
  static final class SpeedProbe implements Runnable {
    /** Xorshift steps per probe. */
    static final int STEPS = 1_000_000;

    /** Entries of the memory walk's cycle (32 MB), and reads per probe. */
    static final int CYCLE = 8 << 20;

    static final int READS = 20_000;

    final Thread thread = new Thread(this, "speed-probe");
    final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

    /** (System.nanoTime at the end, CPU nanoseconds of the steps, of the reads), in time order. */
    final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());

    int[] next;
    int at;
    volatile long sink;
    volatile boolean stopped;

    SpeedProbe() {
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() {
      stopped = true;
      thread.interrupt();
    }

    @Override
    public void run() {
      next = cycle(CYCLE);
      for (int i = 0; i < 200; i++) sink = steps(STEPS / 100) + reads(READS / 100); // compiled
      while (!stopped) {
        long before = cpu.getCurrentThreadCpuTime();
        sink = steps(STEPS);
        long between = cpu.getCurrentThreadCpuTime();
        sink = reads(READS);
        long after = cpu.getCurrentThreadCpuTime();
        samples.add(new long[] {System.nanoTime(), between - before, after - between});
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    static long steps(int n) {
      long x = 0x9E3779B97F4A7C15L;
      for (int i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
      }
      return x;
    }

    /**
     * One random cycle through all n entries (Sattolo's shuffle): each read depends on the last.
     */
    static int[] cycle(int n) {
      int[] next = new int[n];
      for (int i = 0; i < n; i++) next[i] = i;
      Random random = new Random(1);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i);
        int t = next[i];
        next[i] = next[j];
        next[j] = t;
      }
      return next;
    }

    long reads(int n) {
      int p = at;
      for (int i = 0; i < n; i++) p = next[p];
      at = p;
      return p;
    }

    /**
     * Medians of the probes that ended between two System.nanoTime moments, in CPU milliseconds:
     * the steps ({@code registerCpuMsMedian}, with the fastest and slowest) and the memory walk
     * ({@code memoryCpuMsMedian}); empty when none ended in between.
     */
    Map<String, Object> between(long from, long to) {
      List<long[]> in;
      synchronized (samples) {
        in = samples.stream().filter(s -> s[0] >= from && s[0] <= to).toList();
      }
      Map<String, Object> r = new LinkedHashMap<>();
      if (in.isEmpty()) return r;
      long[] steps = in.stream().mapToLong(s -> s[1]).sorted().toArray();
      long[] reads = in.stream().mapToLong(s -> s[2]).sorted().toArray();
      r.put("registerCpuMsMedian", round3(steps[steps.length / 2] / 1e6));
      r.put("registerCpuMsFastest", round3(steps[0] / 1e6));
      r.put("registerCpuMsSlowest", round3(steps[steps.length - 1] / 1e6));
      r.put("memoryCpuMsMedian", round3(reads[reads.length / 2] / 1e6));
      r.put("memoryCpuMsFastest", round3(reads[0] / 1e6));
      r.put("memoryCpuMsSlowest", round3(reads[reads.length - 1] / 1e6));
      r.put("probes", in.size());
      return r;
    }
  }

  /**
   * Samples, every 100 ms, what the benchmark database's backends are doing (pg_stat_activity:
   * state and wait event), and every second the CPU time of the machine, the Payara process, this
   * process and the benchmark database's backends (/proc).
   */
  static final class Sampler implements Runnable {
    final String url;
    final long payara;
    final long self = ProcessHandle.current().pid();
    final Thread thread = new Thread(this, "sampler");
    final SpeedProbe speed = new SpeedProbe();
    volatile boolean stopped;
    final double tick = clockTicks();
    // cumulative figures, read by mark() and since()
    final LongAdder samples = new LongAdder();
    final Map<String, LongAdder> states = new ConcurrentHashMap<>();
    final Map<String, LongAdder> queries = new ConcurrentHashMap<>();
    final AtomicLong machineBusy = new AtomicLong();
    final AtomicLong machineAll = new AtomicLong();

    /**
     * Jiffies the machine spent in its kernel (system, irq, softirq): system calls, context
     * switches, network.
     */
    final AtomicLong machineKernel = new AtomicLong();

    /**
     * Jiffies the hypervisor ran something else on the machine's virtual CPUs (steal): counted as
     * busy, as the benchmark could not use them.
     */
    final AtomicLong machineStolen = new AtomicLong();

    /** Payara's CPU ticks in its kernel (stime). */
    final AtomicLong payaraKernelTicks = new AtomicLong();

    final AtomicLong payaraTicks = new AtomicLong();
    final AtomicLong benchTicks = new AtomicLong();
    final AtomicLong backendTicks = new AtomicLong();
    final Map<Long, Long> lastTicks = new HashMap<>();

    /**
     * CPU ticks of Payara's threads, by name (/proc/PID/task/TID/comm: 15 characters, digits as N).
     */
    final Map<String, AtomicLong> threadTicks = new ConcurrentHashMap<>();

    final Map<Long, Long> lastThreadTicks = new HashMap<>();
    long[] lastMachine;
    long lastKernelTicks;

    record Mark(
        long at,
        long samples,
        Map<String, Long> states,
        Map<String, Long> queries,
        Map<String, Long> threads,
        long busy,
        long all,
        long kernel,
        long stolen,
        long payara,
        long payaraKernel,
        long bench,
        long backends) {}

    Sampler(String url, long payara) {
      this.url = url;
      this.payara = payara;
      thread.setDaemon(true);
    }

    void start() {
      lastMachine = machine();
      lastTicks.put(payara, procTicks(payara));
      lastKernelTicks = procKernelTicks(payara);
      lastTicks.put(self, procTicks(self));
      threads();
      thread.start();
      speed.start();
    }

    void stop() {
      stopped = true;
      thread.interrupt();
      speed.stop();
    }

    Mark mark() {
      Map<String, Long> s = new HashMap<>();
      states.forEach((k, v) -> s.put(k, v.sum()));
      Map<String, Long> q = new HashMap<>();
      queries.forEach((k, v) -> q.put(k, v.sum()));
      Map<String, Long> t = new HashMap<>();
      threadTicks.forEach((k, v) -> t.put(k, v.get()));
      return new Mark(
          System.nanoTime(),
          samples.sum(),
          s,
          q,
          t,
          machineBusy.get(),
          machineAll.get(),
          machineKernel.get(),
          machineStolen.get(),
          payaraTicks.get(),
          payaraKernelTicks.get(),
          benchTicks.get(),
          backendTicks.get());
    }

    /**
     * Cores used on average since the mark, and the average number of the database's backends in
     * each state.
     */
    Map<String, Object> since(Mark m) {
      Mark now = mark();
      Map<String, Object> r = new LinkedHashMap<>();
      double wall = (now.at - m.at) / 1e9;
      double all = now.all - m.all;
      int cores = Runtime.getRuntime().availableProcessors();
      if (all > 0) {
        double busyCores = (now.busy - m.busy) / all * cores;
        double payaraCores = (now.payara - m.payara) / tick / wall;
        double benchCores = (now.bench - m.bench) / tick / wall;
        double backendCores = (now.backends - m.backends) / tick / wall;
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("machineBusy", round2(busyCores));
        cpu.put("payara", round2(payaraCores));
        cpu.put("postgresBackends", round2(backendCores));
        cpu.put("benchProcess", round2(benchCores));
        cpu.put(
            "everythingElse",
            round2(Math.max(0, busyCores - payaraCores - benchCores - backendCores)));
        // of the above, the time in the kernel: system calls, thread switches and the network,
        // costly on a virtual machine
        cpu.put("machineInKernel", round2((now.kernel - m.kernel) / all * cores));
        // taken by the hypervisor for other machines: part of everythingElse
        cpu.put("machineStolen", round2((now.stolen - m.stolen) / all * cores));
        cpu.put("payaraInKernel", round2((now.payaraKernel - m.payaraKernel) / tick / wall));
        r.put("coresUsed", cpu);
        Map<String, Object> threads = new LinkedHashMap<>();
        now.threads.entrySet().stream()
            .map(
                e ->
                    Map.entry(
                        e.getKey(),
                        (e.getValue() - m.threads.getOrDefault(e.getKey(), 0L)) / tick / wall))
            .filter(e -> e.getValue() >= 0.01)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(10)
            .forEach(e -> threads.put(e.getKey(), round2(e.getValue())));
        r.put("payaraCoresByThread", threads);
      }
      Map<String, Object> machineSpeed = speed.between(m.at, now.at);
      if (!machineSpeed.isEmpty()) r.put("machineSpeed", machineSpeed);
      long n = now.samples - m.samples;
      if (n > 0) {
        Map<String, Object> st = new LinkedHashMap<>();
        now.states.entrySet().stream()
            .map(
                e ->
                    Map.entry(
                        e.getKey(),
                        (e.getValue() - m.states.getOrDefault(e.getKey(), 0L)) / (double) n))
            .filter(e -> e.getValue() >= 0.005)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .forEach(e -> st.put(e.getKey(), round2(e.getValue())));
        r.put("backendsByState", st);
        Map<String, Object> qs = new LinkedHashMap<>();
        now.queries.entrySet().stream()
            .map(
                e ->
                    Map.entry(
                        e.getKey(),
                        (e.getValue() - m.queries.getOrDefault(e.getKey(), 0L)) / (double) n))
            .filter(e -> e.getValue() >= 0.01)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(8)
            .forEach(e -> qs.put(e.getKey(), round2(e.getValue())));
        r.put("busyBackendsByQuery", qs);
      }
      return r;
    }

    @Override
    public void run() {
      try (Connection c =
              DriverManager.getConnection(
                  url.replace("ApplicationName=bench", "ApplicationName=bench-sampler"));
          PreparedStatement activity =
              c.prepareStatement(
                  "select pid, state, wait_event_type, wait_event, application_name, query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")) {
        long nextCpu = System.nanoTime() + 1_000_000_000L;
        while (!stopped) {
          List<Long> pids = new ArrayList<>();
          try (ResultSet rs = activity.executeQuery()) {
            sample(rs, pids);
          } catch (SQLException | RuntimeException e) {
            System.err.println("sampler: " + e); // one sample lost; go on
          }
          samples.increment();
          if (System.nanoTime() >= nextCpu) {
            nextCpu += 1_000_000_000L;
            long[] m = machine();
            machineBusy.addAndGet(m[0] - lastMachine[0]);
            machineAll.addAndGet(m[1] - lastMachine[1]);
            machineKernel.addAndGet(m[2] - lastMachine[2]);
            machineStolen.addAndGet(m[3] - lastMachine[3]);
            lastMachine = m;
            payaraTicks.addAndGet(delta(payara));
            long kernelTicks = procKernelTicks(payara);
            if (kernelTicks >= 0) {
              if (lastKernelTicks >= 0) payaraKernelTicks.addAndGet(kernelTicks - lastKernelTicks);
              lastKernelTicks = kernelTicks;
            }
            threads();
            benchTicks.addAndGet(delta(self));
            long b = 0;
            for (long p : pids) b += delta(p);
            backendTicks.addAndGet(b);
          }
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        // stopped
      } catch (Exception e) {
        System.err.println("sampler stopped: " + e);
      }
    }

    /** Adds the CPU ticks each Payara thread used since the last call to its name's total. */
    void threads() {
      try (var tasks = Files.list(Path.of("/proc/" + payara + "/task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            String name =
                stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                    .replaceAll("\\d+", "N");
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            Long last = lastThreadTicks.put(Long.parseLong(task.getFileName().toString()), ticks);
            threadTicks
                .computeIfAbsent(name, k -> new AtomicLong())
                .addAndGet(last == null ? 0 : ticks - last);
          } catch (IOException | RuntimeException e) {
            // the thread ended meanwhile
          }
        }
      } catch (IOException | RuntimeException e) {
        // Payara is gone
      }
    }

    void sample(ResultSet rs, List<Long> pids) throws SQLException {
      while (rs.next()) {
        String app = rs.getString("application_name");
        if (app != null && app.startsWith("bench")) continue; // our own connections
        pids.add(rs.getLong("pid"));
        String state = rs.getString("state");
        String type = rs.getString("wait_event_type");
        String key =
            (state == null ? "?" : state)
                + (type == null ? " (on CPU)" : " / " + type + ":" + rs.getString("wait_event"));
        if ("idle".equals(state)) key = "idle (in the pool)";
        states.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (state != null && !"idle".equals(state) && rs.getString("query") != null) {
          String q = rs.getString("query").replaceAll("\\s+", " ").trim();
          q =
              (state.startsWith("idle in transaction") ? "[idle in tx after] " : "")
                  + (q.length() > 110 ? q.substring(0, 110) + "..." : q);
          queries.computeIfAbsent(q, k -> new LongAdder()).increment();
        }
      }
    }

    long delta(long pid) {
      long t = procTicks(pid);
      if (t < 0) return 0;
      Long last = lastTicks.put(pid, t);
      return last == null ? 0 : t - last; // a backend seen for the first time starts counting now
    }

    /** A process's CPU ticks, user and kernel (utime + stime), or -1 when it is gone. */
    static long procTicks(long pid) {
      long[] times = procTimes(pid);
      return times == null ? -1 : times[0] + times[1];
    }

    /** A process's CPU ticks in its kernel (stime), or -1 when it is gone. */
    static long procKernelTicks(long pid) {
      long[] times = procTimes(pid);
      return times == null ? -1 : times[1];
    }

    /** utime and stime of /proc/PID/stat, or null when the process is gone. */
    static long[] procTimes(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
      } catch (Exception e) {
        return null;
      }
    }

    /** busy, total, kernel (system, irq, softirq) and stolen jiffies of the whole machine. */
    static long[] machine() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long user = Long.parseLong(f[1]),
            nice = Long.parseLong(f[2]),
            system = Long.parseLong(f[3]),
            idle = Long.parseLong(f[4]),
            iowait = Long.parseLong(f[5]);
        long irq = Long.parseLong(f[6]),
            softirq = Long.parseLong(f[7]),
            steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        long busy = user + nice + system + irq + softirq + steal;
        return new long[] {busy, busy + idle + iowait, system + irq + softirq, steal};
      } catch (Exception e) {
        return new long[] {0, 0, 0, 0};
      }
    }

    static double clockTicks() {
      try {
        return Double.parseDouble(exec("getconf", "CLK_TCK").trim());
      } catch (Exception e) {
        return 100;
      }
    }
  }

  // ------------------------------------------------------------------ JFR summary

  /**
   * What a Payara CPU profile (JFR execution samples) is spent on. Each sample goes to exactly one
   * component: the first in COMPONENTS whose pattern occurs anywhere in its stack, so the more
   * specific components come first ("JSON provider lookups" before "JWT", "PostgreSQL driver"
   * before "product code"). Also: samples by thread group, and the top leaf methods.
   */
  static final class JfrSummary {
    static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
      COMPONENTS.put(
          "ServiceLoader lookups (JsonProvider.provider() per Json.createReader/createObjectBuilder call, context capture)",
          "java\\.util\\.ServiceLoader");
      COMPONENTS.put(
          "JWT verification (Payara MP-JWT, Nimbus, RSA)",
          "fish\\.payara\\.microprofile\\.jwtauth|com\\.nimbusds");
      COMPONENTS.put("PostgreSQL driver", "org\\.postgresql");
      COMPONENTS.put(
          "connection pool and JTA",
          "com\\.sun\\.enterprise\\.resource|com\\.sun\\.gjc|com\\.sun\\.jts|com\\.sun\\.enterprise\\.transaction|org\\.glassfish\\.resourcebase");
      COMPONENTS.put(
          "JSON (Parsson)", "org\\.eclipse\\.parsson|jakarta\\.json|org\\.glassfish\\.json");
      COMPONENTS.put("JDK HttpClient (delivery calls)", "jdk\\.internal\\.net\\.http");
      COMPONENTS.put("metrics", "microprofile\\.metrics|smallrye\\.metrics");
      COMPONENTS.put("logging", "java\\.util\\.logging|server\\.logging");
      COMPONENTS.put(
          "security (other)",
          "soteria|exousia|com\\.sun\\.enterprise\\.security|com\\.sun\\.web\\.security");
      COMPONENTS.put(
          "product code (orchestrator.*) and what it calls, other", "(^|\\n)orchestrator\\.");
      COMPONENTS.put("Jersey (JAX-RS)", "org\\.glassfish\\.jersey");
      COMPONENTS.put("CDI (Weld)", "org\\.jboss\\.weld");
      COMPONENTS.put(
          "Grizzly and servlet container",
          "org\\.glassfish\\.grizzly|org\\.apache\\.catalina|org\\.glassfish\\.web|com\\.sun\\.enterprise\\.web");
      COMPONENTS.put("other", "");
    }

    static final Map<String, String> INCLUSIVE = new LinkedHashMap<>();

    static {
      INCLUSIVE.put(
          "MessagesResource.submit", "orchestrator\\.messages\\.MessagesResource\\.submit");
      INCLUSIVE.put("Intake.accept", "orchestrator\\.messages\\.Intake\\.accept");
      INCLUSIVE.put("NodeStore (node rows: read and parse)", "orchestrator\\.nodes\\.NodeStore\\.");
      INCLUSIVE.put(
          "MessageJson.write (the 201 body)", "orchestrator\\.messages\\.MessageJson\\.write");
      INCLUSIVE.put("JWT verification", "fish\\.payara\\.microprofile\\.jwtauth");
      INCLUSIVE.put("Dispatcher.round", "orchestrator\\.delivery\\.Dispatcher\\.round");
      INCLUSIVE.put(
          "Dispatcher.nudge (executor submit)", "orchestrator\\.delivery\\.Dispatcher\\.nudge");
      INCLUSIVE.put("NodeWorker.run", "orchestrator\\.delivery\\.NodeWorker\\.run");
      INCLUSIVE.put("Transport.send", "orchestrator\\.delivery\\.Transport\\.send");
      INCLUSIVE.put("DeliveryQueue (claim, outcome)", "orchestrator\\.delivery\\.DeliveryQueue\\.");
    }

    static Map<String, Object> summarize(Path file, Instant from, Instant to) throws IOException {
      Map<String, Long> leaves = new HashMap<>();
      Map<String, Long> components = new LinkedHashMap<>();
      Map<String, Long> inclusive = new LinkedHashMap<>();
      Map<String, Long> threads = new HashMap<>();
      Map<String, Double> blocked = new HashMap<>();
      double blockedTotal = 0;
      double seconds = Duration.between(from, to).toMillis() / 1000.0;
      List<Map.Entry<String, Pattern>> cs =
          COMPONENTS.entrySet().stream()
              .map(e -> Map.entry(e.getKey(), Pattern.compile(e.getValue())))
              .toList();
      List<Map.Entry<String, Pattern>> is =
          INCLUSIVE.entrySet().stream()
              .map(e -> Map.entry(e.getKey(), Pattern.compile(e.getValue())))
              .toList();
      long total = 0;
      try (var recording = new jdk.jfr.consumer.RecordingFile(file)) {
        while (recording.hasMoreEvents()) {
          var event = recording.readEvent();
          if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) continue;
          if (event.getEventType().getName().equals("jdk.JavaMonitorEnter")
              && event.getStackTrace() != null) {
            // threads blocked on a monitor (>= 10 ms each with the profile settings): which lock,
            // reached from where
            double ms = event.getDuration().toNanos() / 1e6;
            String where =
                event.getStackTrace().getFrames().stream()
                    .limit(3)
                    .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
                    .collect(Collectors.joining(" <- "));
            var monitor = event.getClass("monitorClass");
            blocked.merge(
                (monitor == null ? "?" : monitor.getName()) + " in " + where, ms, Double::sum);
            blockedTotal += ms;
            continue;
          }
          if (!event.getEventType().getName().equals("jdk.ExecutionSample")
              || event.getStackTrace() == null) continue;
          total++;
          var frames = event.getStackTrace().getFrames();
          if (!frames.isEmpty()) {
            var top = frames.get(0).getMethod();
            leaves.merge(top.getType().getName() + "." + top.getName(), 1L, Long::sum);
          }
          StringBuilder stack = new StringBuilder();
          for (var f : frames)
            stack
                .append(f.getMethod().getType().getName())
                .append('.')
                .append(f.getMethod().getName())
                .append('\n');
          String text = stack.toString();
          for (var c : cs) {
            if (c.getValue().matcher(text).find()) {
              components.merge(c.getKey(), 1L, Long::sum);
              break;
            }
          }
          for (var i : is)
            if (i.getValue().matcher(text).find()) inclusive.merge(i.getKey(), 1L, Long::sum);
          var thread = event.getThread("sampledThread");
          String name =
              thread == null || thread.getJavaName() == null
                  ? "?"
                  : thread.getJavaName().replaceAll("\\d+", "N");
          threads.merge(name, 1L, Long::sum);
        }
      }
      final double all = Math.max(1, total);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("file", file.toString());
      r.put("executionSamples", total);
      r.put("byComponent", shares(components, all, 20));
      r.put("inclusive", shares(inclusive, all, 20));
      r.put("byThread", shares(threads, all, 6));
      r.put("topLeafMethods", shares(leaves, all, 12));
      r.put("windowSeconds", round1(seconds));
      // blocked thread-seconds per second of recording = how many threads wait on monitors on
      // average
      r.put(
          "threadsBlockedOnMonitorsAvg",
          seconds > 0 ? round2(blockedTotal / 1000 / seconds) : null);
      Map<String, Object> locks = new LinkedHashMap<>();
      blocked.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(8)
          .forEach(e -> locks.put(e.getKey(), Math.round(e.getValue()) + " ms"));
      r.put("monitorBlockedTime", locks);
      return r;
    }

    static Map<String, Object> shares(Map<String, Long> counts, double all, int limit) {
      Map<String, Object> r = new LinkedHashMap<>();
      counts.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(limit)
          .forEach(e -> r.put(e.getKey(), round3(e.getValue() / all)));
      return r;
    }
  }

  // ------------------------------------------------------------------ output

  /** A minimal JSON writer for maps, lists, strings, numbers and booleans. */
  static final class Json {
    static String write(Object o, int indent) {
      String pad = "  ".repeat(indent + 1);
      String end = "  ".repeat(indent);
      if (o == null) return "null";
      if (o instanceof Map<?, ?> m) {
        if (m.isEmpty()) return "{}";
        return m.entrySet().stream()
            .map(
                e ->
                    pad
                        + quote(String.valueOf(e.getKey()))
                        + ": "
                        + write(e.getValue(), indent + 1))
            .collect(Collectors.joining(",\n", "{\n", "\n" + end + "}"));
      }
      if (o instanceof Collection<?> c) {
        if (c.isEmpty()) return "[]";
        return c.stream()
            .map(v -> pad + write(v, indent + 1))
            .collect(Collectors.joining(",\n", "[\n", "\n" + end + "]"));
      }
      if (o instanceof Double d)
        return d.isNaN() || d.isInfinite()
            ? "null"
            : (d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf(d.longValue())
                : String.valueOf(d));
      if (o instanceof Number || o instanceof Boolean) return String.valueOf(o);
      return quote(String.valueOf(o));
    }

    static String quote(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') b.append('\\').append(c);
        else if (c == '\n') b.append("\\n");
        else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
        else b.append(c);
      }
      return b.append('"').toString();
    }
  }

  /** The summary table: figure, value, target. */
  static final class Table {
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String... path) {
      Object o = m;
      for (String p : path) {
        if (!(o instanceof Map)) return Map.of();
        o = ((Map<String, Object>) o).get(p);
      }
      return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    static String v(Map<String, Object> m, String k) {
      Object o = m.get(k);
      return o == null ? "-" : Json.write(o, 0);
    }

    /**
     * Where the machine's CPU went meanwhile: the benchmark's processes, other work on the machine,
     * the kernel, Payara's JIT compiler, and the probes' speed.
     */
    static String other(Map<String, Object> phase) {
      Map<String, Object> cpu = map(phase, "resources", "coresUsed");
      return cpu.isEmpty()
          ? ""
          : "; cores: payara "
              + v(cpu, "payara")
              + ", postgres "
              + v(cpu, "postgresBackends")
              + ", bench "
              + v(cpu, "benchProcess")
              + ", other processes "
              + v(cpu, "everythingElse")
              + " (stolen by the hypervisor "
              + v(cpu, "machineStolen")
              + ")"
              + "; in the kernel: machine "
              + v(cpu, "machineInKernel")
              + ", payara "
              + v(cpu, "payaraInKernel")
              + "; Payara's JIT compiler "
              + round2(jitCompilerCores(map(phase, "resources")))
              + " cores"
              + speed(phase);
    }

    /** The two probes' medians during the phase (see SpeedProbe): larger is slower. */
    static String speed(Map<String, Object> phase) {
      Map<String, Object> speed = map(phase, "resources", "machineSpeed");
      return speed.isEmpty()
          ? ""
          : "; register probe "
              + v(speed, "registerCpuMsMedian")
              + " ms, memory probe "
              + v(speed, "memoryCpuMsMedian")
              + " ms";
    }

    static String render(Map<String, Object> r) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"figure", "value", "target", "notes"});
      Map<String, Object> intake = map(r, "intake");
      for (String c : intake.keySet()) {
        Map<String, Object> i = map(intake, c);
        rows.add(
            new String[] {
              "intake, " + c + " producer(s)",
              v(i, "msgPerSec") + " msg/s",
              c.equals("32") ? ">= 2000 msg/s" : "",
              "errors "
                  + v(i, "errors")
                  + ", 201 in p50/p99 "
                  + v(map(i, "responseMs"), "p50")
                  + "/"
                  + v(map(i, "responseMs"), "p99")
                  + " ms, Payara CPU "
                  + v(i, "payaraCpuMsPerMessage")
                  + " ms/msg"
                  + other(i)
            });
      }
      Map<String, Object> e2e = map(r, "endToEnd");
      rows.add(
          new String[] {
            "end to end, messages",
            v(e2e, "msgPerSec") + " msg/s",
            ">= 1500 msg/s",
            v(e2e, "messages")
                + " messages, all delivered: "
                + v(e2e, "complete")
                + ", not DELIVERED in db: "
                + v(e2e, "undeliveredInDatabase")
                + other(e2e)
          });
      rows.add(
          new String[] {
            "end to end, deliveries",
            v(e2e, "deliveriesPerSec") + " /s",
            ">= 4500 /s",
            "3 nodes per message"
          });
      Map<String, Object> lat = map(r, "latency");
      Map<String, Object> ms = map(lat, "ms");
      rows.add(
          new String[] {
            "latency 201 -> receiver, p50",
            v(ms, "p50") + " ms",
            "< 20 ms",
            "at "
                + v(lat, "achievedMsgPerSec")
                + " msg/s ("
                + v(lat, "basis").replace("\"", "")
                + ")"
                + other(lat)
          });
      rows.add(new String[] {"latency 201 -> receiver, p95", v(ms, "p95") + " ms", "", ""});
      rows.add(
          new String[] {
            "latency 201 -> receiver, p99",
            v(ms, "p99") + " ms",
            "< 100 ms",
            "max " + v(ms, "max") + " ms"
          });
      Map<String, Object> rc = map(r, "roundCost");
      for (String k : rc.keySet()) {
        Map<String, Object> s = map(rc, k);
        if (s.isEmpty() || !s.containsKey("batchMs")) continue;
        Map<String, Object> q = map(s, "queriesMs");
        rows.add(
            new String[] {
              "round cost, " + k + " paused pending",
              v(s, "batchMs") + " ms",
              "",
              v(rc, "batchMessages")
                  + " msgs to 3 nodes; queries ms: round "
                  + v(q, "firstDueByNode")
                  + ", claim "
                  + v(q, "claim")
                  + ", metrics "
                  + v(q, "metricsCountsByNode")
                  + (s.containsKey("beforeAnalyze")
                      ? "; before ANALYZE: round "
                          + v(map(s, "beforeAnalyze", "queriesMs"), "firstDueByNode")
                          + ", claim "
                          + v(map(s, "beforeAnalyze", "queriesMs"), "claim")
                      : "")
            });
      }
      rows.add(
          new String[] {
            "round cost ratio, largest / 10k",
            v(rc, "ratioBatch"),
            "0.8 - 1.2",
            "queries: " + v(rc, "ratioQueries").replace("\n", "").replaceAll("\\s+", " ")
          });
      Map<String, Object> mem = map(r, "memory");
      rows.add(
          new String[] {
            "resident memory at the end",
            v(mem, "rssMB") + " MB",
            "< 600 MB",
            "peak "
                + v(mem, "peakRssMB")
                + " MB; private "
                + v(mem, "anonMB")
                + ", files "
                + v(mem, "fileMB")
                + ", heap committed "
                + v(mem, "heapCommittedMB")
                + " (used "
                + v(mem, "heapUsedMB")
                + "), "
                + v(mem, "threads")
                + " threads"
          });
      Map<String, Object> ce = map(r, "ceiling");
      rows.add(
          new String[] {
            "database ceiling (pgbench)",
            v(ce, "tps") + " tx/s",
            "",
            "c8 "
                + v(map(ce, "clients8"), "tps")
                + speed(map(ce, "clients8"))
                + ", c32 "
                + v(map(ce, "clients32"), "tps")
                + speed(map(ce, "clients32"))
          });
      rows.add(new String[] {"intake(32) / ceiling", v(ce, "ratioIntakeToCeiling"), "", ""});
      Map<String, Object> speed = map(r, "machineSpeed");
      rows.add(
          new String[] {
            "machine speed probes, whole run",
            v(speed, "registerCpuMsMedian") + " ms",
            "",
            "register probe median; fastest "
                + v(speed, "registerCpuMsFastest")
                + ", slowest "
                + v(speed, "registerCpuMsSlowest")
                + " ms of CPU for the same work; memory probe median "
                + v(speed, "memoryCpuMsMedian")
                + " ms (larger is slower; docs/performance.md, \"The machine's speed\")"
          });
      int[] w = new int[4];
      for (String[] row : rows)
        for (int i = 0; i < 4; i++)
          w[i] = Math.max(w[i], Math.min(row[i].length(), i == 3 ? 200 : 60));
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < rows.size(); j++) {
        String[] row = rows.get(j);
        b.append(
            String.format(
                "%-" + w[0] + "s | %" + w[1] + "s | %-" + w[2] + "s | %s%n",
                row[0],
                row[1],
                row[2],
                row[3]));
        if (j == 0) b.append("-".repeat(w[0] + w[1] + w[2] + 9 + Math.min(w[3], 60))).append('\n');
      }
      return b.toString();
    }
  }
}
