package orchestrator.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import orchestrator.platform.database.Transactions;

/**
 * Runs delivery rounds: finds the nodes with due deliveries and starts one {@link NodeWorker} per
 * node, at most {@code delivery.startup.workers} at a time. A round runs on every nudge (a worker
 * finished with work left or a retry scheduled, a re-queue, a resume, the interval timer) and at
 * the moment the next delivery falls due, so retries are on time whatever {@code delivery.interval}
 * is. A new message needs no round: its deliveries are handed to the workers already claimed
 * ({@link #offer}) or left for a claim, and workers start for its nodes at once ({@link
 * #startFor}); a node whose worker is running gets them from that worker, or from its next run. A
 * run claims from the database only when a round found its node due or new deliveries were not
 * handed over. A run that used its whole batch without a failure starts its node's next run itself,
 * unless a node waits for a worker: only a round picks between nodes.
 */
@ApplicationScoped
public class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

  /** When something is due but every worker is busy, look again this soon. */
  private static final Duration BUSY_RECHECK = Duration.ofSeconds(1);

  /** Most threads the rounds and workers may use; they need workers + 2 at most. */
  private static final int MAX_THREADS = 200;

  @Resource ManagedThreadFactory threads;
  @Inject DeliveryQueue queue;
  @Inject NodeWorker worker;
  @Inject DeliverySettings settings;
  @Inject Clock clock;

  private final String claimant = hostName() + "/" + UUID.randomUUID();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> resting = new ConcurrentHashMap<>();

  /** When each node's last run started: the longest-waiting node gets the next free worker. */
  private final Map<String, Instant> lastStarted = new ConcurrentHashMap<>();

  private final AtomicBoolean roundQueued = new AtomicBoolean();

  /** Held by a round from its query to its last start: rounds never overlap. */
  private final Object rounds = new Object();

  /**
   * Due work was left to running workers (its node's was busy, or none was free): the next to
   * finish asks for a round.
   */
  private final AtomicBoolean workLeft = new AtomicBoolean();

  /**
   * Nodes whose new deliveries arrived while their worker ran: that worker, when done, starts the
   * next run itself.
   */
  private final Set<String> arrivedWhileBusy = ConcurrentHashMap.newKeySet();

  /**
   * Nodes whose next run must claim from the database: a round found them due, or new deliveries of
   * theirs were not handed over. Any other run sends only what was handed to it.
   */
  private final Set<String> unclaimed = ConcurrentHashMap.newKeySet();

  /** New deliveries handed to this instance's workers by the intake, already claimed. */
  final HandedDeliveries handed = new HandedDeliveries();

  /**
   * Finished worker runs, so that whoever leaves work to the workers can tell whether one finished
   * meanwhile.
   */
  private final AtomicLong finishedRuns = new AtomicLong();

  private volatile boolean stopped;
  private volatile boolean suspended;
  private volatile Instant lastRound;
  private final Instant startedAt = Instant.now();
  private ScheduledFuture<?> wakeUp;
  private Instant wakeUpAt;
  private volatile ExecutorService executor;

  /** Sets off the wake-ups; set before {@link #createPool} only by tests. */
  ScheduledExecutorService wakeUps;

  /**
   * Rounds and worker runs execute on a pool over the container's thread factory, whose threads
   * carry the application's context from their creation. The managed executor captured the context
   * again for every task, which in Payara scans the class path (4 % of its CPU end to end).
   *
   * <p>Wake-ups have a timer thread of their own: the container's scheduled executor has one thread
   * in Payara, shared with other work (the metrics' database reads among it), and a wake-up waiting
   * behind a slow task would make a retry late.
   */
  @PostConstruct
  void createPool() {
    executor =
        new ThreadPoolExecutor(
            0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    if (wakeUps == null) {
      ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, threads);
      own.setRemoveOnCancelPolicy(true); // a wake-up moved earlier does not linger in the queue
      wakeUps = own;
    }
  }

  /** Asks for a round soon; many nudges while one is queued make one round. */
  public void nudge() {
    if (stopped || !roundQueued.compareAndSet(false, true)) return;
    try {
      executor.execute(this::round);
    } catch (RuntimeException e) {
      roundQueued.set(false);
      if (!stopped) LOG.log(Level.WARNING, "Cannot start a delivery round", e);
    }
  }

  /**
   * Deliveries fell due: a round runs once the transaction that made them due has committed, unless
   * they are new deliveries, whose nodes are known: their workers start at once, or take them if
   * running (or ask for a round when they finish).
   */
  void onDue(@Observes DeliveriesDue event) {
    Transactions.afterCommit(
        () -> {
          if (event.node() != null) resting.remove(event.node());
          if (!event.newDeliveriesOnly()) {
            nudge();
            return;
          }
          handed.add(event.handed(), event.leaseEnd());
          unclaimed.addAll(event.arrivals());
          Set<String> nodes = new LinkedHashSet<>(event.arrivals());
          for (Parcel parcel : event.handed()) nodes.add(parcel.node());
          startFor(List.copyOf(nodes));
        });
  }

  /**
   * Which of these nodes may have their new deliveries handed to this instance's workers, inserted
   * already claimed until the returned lease end: those a worker would start for now (delivery not
   * suspended, the node not resting) with room among its handed deliveries. The rest are inserted
   * due, for a claim to find.
   */
  public Handover offer(Collection<String> nodes, Instant now) {
    if (stopped || suspended) return Handover.NONE;
    Set<String> taken = new HashSet<>();
    for (String node : nodes) {
      Instant restUntil = resting.get(node);
      if ((restUntil == null || !restUntil.isAfter(now)) && handed.hasRoom(node, settings.batch()))
        taken.add(node);
    }
    if (taken.isEmpty()) return Handover.NONE;
    return new Handover(
        claimant, now.plus(NodeWorker.lease(NodeWorker.CLAIM_CHUNK, settings.timeout())), taken);
  }

  /**
   * New deliveries for these nodes are due now: starts a worker for each that has none running here
   * and is not resting, without a round (the nodes are known; a round would only look them up). A
   * round is asked for only when no worker is free for one of them, as it then picks the node that
   * has waited longest. Serialised with the rounds' starts of workers, so the count of free workers
   * holds.
   */
  private synchronized void startFor(List<String> nodes) {
    if (stopped || suspended) return; // resume() asks for a round
    long finished =
        finishedRuns.get(); // before looking at busy: a run finishing after this is seen below
    boolean left = false;
    int free = settings.workers() - busy.size();
    Instant now = clock.instant();
    for (String node : nodes) {
      Instant restUntil = resting.get(node);
      if (restUntil != null) {
        if (restUntil.isAfter(now)) continue; // the wake-up at its rest's end takes it
        resting.remove(node, restUntil); // ended, and no round has run since to forget it
      }
      if (busy.contains(node)) {
        arrivedWhileBusy.add(node); // its worker takes it, or starts another run when done
        left = true;
        continue;
      }
      if (free == 0) {
        nudge();
        return;
      }
      busy.add(node);
      lastStarted.put(node, now);
      free--;
      try {
        start(node);
      } catch (RuntimeException e) {
        nudge(); // a round tries again
        return;
      }
    }
    if (left && finishedRuns.get() != finished)
      nudge(); // a run that ended meanwhile may have missed its mark
  }

  /**
   * Marks due work as left to the running workers; false when a run finished since {@code
   * finishedBefore} was read, as it may have ended without seeing the mark.
   */
  private boolean leaveWork(long finishedBefore) {
    workLeft.set(true);
    return finishedRuns.get() == finishedBefore;
  }

  /**
   * Suspends delivery in this instance (from the server's console): rounds go on, so health stays
   * honest, but start no worker until {@link #resume()}.
   */
  public void suspend() {
    suspended = true;
  }

  public void resume() {
    suspended = false;
    nudge();
  }

  public boolean suspended() {
    return suspended;
  }

  public int busyWorkers() {
    return busy.size();
  }

  public int restingNodes() {
    return resting.size();
  }

  /** When the last round completed, for health checks; null before the first. */
  public Instant lastRound() {
    return lastRound;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public String claimant() {
    return claimant;
  }

  /**
   * Looks up which nodes are due, then starts their workers; one round at a time per instance. The
   * lookup, a database query, runs outside the lock that serialises the starts of workers: while a
   * round waits for it, the workers for new deliveries ({@link #startFor}) start without waiting
   * (under load, blocks of 10 ms and more on that lock were seen; docs/performance.md, eighteenth
   * round). What the lookup found may be stale by the time the workers start, as it always could
   * be: a node found due whose deliveries were claimed meanwhile gets a run that claims nothing,
   * and what is made due after the lookup nudges a round of its own.
   */
  void round() {
    synchronized (rounds) {
      roundQueued.set(false);
      if (stopped) return;
      long finished = finishedRuns.get();
      try {
        Instant now = clock.instant();
        startDue(suspended ? null : queue.firstDueByNode(), now, finished);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING, "Delivery round failed; the next one tries again: " + e.getMessage(), e);
      }
    }
  }

  /**
   * One round at a time starts workers, so the count of free workers holds while it starts them.
   * {@code firstDue} is null while delivery is suspended.
   */
  private synchronized void startDue(Map<String, Instant> firstDue, Instant now, long finished) {
    if (stopped) return;
    resting.values().removeIf(until -> !until.isAfter(now));
    if (suspended || firstDue == null) {
      lastRound = clock.instant();
      return;
    }
    int free = settings.workers() - busy.size();
    boolean waiting = false;
    boolean left = false;
    Set<String> dueSet = new TreeSet<>(handed.nodes()); // ties in the sort below go by node id
    firstDue.forEach(
        (node, at) -> {
          if (!at.isAfter(now)) {
            dueSet.add(node);
            unclaimed.add(node);
          }
        });
    List<String> due = new ArrayList<>(dueSet);
    due.sort(Comparator.comparing(node -> lastStarted.getOrDefault(node, Instant.MIN)));
    for (String node : due) {
      if (resting.containsKey(node)) continue;
      if (busy.contains(node)) {
        left = true; // its worker takes it, or asks for a round when done
        continue;
      }
      if (free == 0) {
        waiting = true;
        left = true;
        break;
      }
      busy.add(node);
      lastStarted.put(node, now);
      free--;
      start(node);
    }
    Instant nextDue = firstDue.values().stream().min(Comparator.naturalOrder()).orElse(null);
    for (Instant until : resting.values())
      if (nextDue == null || until.isBefore(nextDue)) nextDue = until;
    if (waiting) nextDue = now.plus(BUSY_RECHECK);
    wakeUpAt(nextDue, now);
    lastRound = clock.instant();
    if (left && !leaveWork(finished)) nudge();
  }

  private void start(String node) {
    try {
      executor.execute(
          () -> {
            NodeWorker.Then then = NodeWorker.Then.ROUND;
            boolean claim = unclaimed.remove(node);
            try {
              NodeWorker.Run run = worker.run(node, claimant, claim, handed);
              if (run.restUntil() != null) resting.put(node, run.restUntil());
              if (run.claiming()) unclaimed.add(node);
              then = run.then();
            } catch (RuntimeException e) {
              if (claim) unclaimed.add(node);
              LOG.log(
                  Level.WARNING, "Delivery to node '" + node + "' stopped: " + e.getMessage(), e);
            } finally {
              busy.remove(node);
              finishedRuns.incrementAndGet();
              boolean arrived = arrivedWhileBusy.remove(node);
              // a round when a node waits for a worker (it picks the one that waited longest) or
              // when one
              // must look at the queue; otherwise the node's new or remaining deliveries go on
              // without one
              if (workLeft.getAndSet(false) | then == NodeWorker.Then.ROUND) nudge();
              else if (arrived || then == NodeWorker.Then.GO_ON) startFor(List.of(node));
            }
          });
    } catch (RuntimeException e) {
      busy.remove(node);
      throw e;
    }
  }

  /**
   * Makes sure a round runs at {@code due} (the timer is the safety net, not the clock of retries).
   */
  private synchronized void wakeUpAt(Instant due, Instant now) {
    if (due == null || stopped) return;
    if (!due.isAfter(now)) due = now.plus(BUSY_RECHECK);
    // a wake-up counts only while it waits: one whose time has come may be the very one that asked
    // for this round, its task not yet ended, and it does not run again
    if (wakeUp != null && wakeUp.getDelay(TimeUnit.NANOSECONDS) > 0 && !wakeUpAt.isAfter(due))
      return;
    if (wakeUp != null) wakeUp.cancel(false);
    wakeUpAt = due;
    wakeUp = wakeUps.schedule(this::nudge, millisUntil(now, due), TimeUnit.MILLISECONDS);
  }

  /** Rounded up: a wake-up a fraction of a millisecond early would find nothing due yet. */
  static long millisUntil(Instant now, Instant due) {
    Duration wait = Duration.between(now, due);
    return wait.isNegative() ? 0 : wait.plusNanos(999_999).toMillis();
  }

  @PreDestroy
  void stop() {
    stopped = true;
    synchronized (this) {
      if (wakeUp != null) wakeUp.cancel(false);
    }
    wakeUps.shutdownNow();
    executor
        .shutdownNow(); // interrupts the calls under way: their workers record them as interrupted
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      int released = queue.releaseAll(claimant, clock.instant());
      if (released > 0) LOG.info("Released " + released + " claimed deliveries at shutdown.");
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Could not release claimed deliveries at shutdown; they are taken up again when their lease runs out",
          e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "instance";
    }
  }
}
