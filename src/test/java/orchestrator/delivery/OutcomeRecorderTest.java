package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chunks of several workers that finish while one is being written are recorded together, in
 * one statement; each worker returns only once its own chunk is written. The database is stood in
 * for by a queue that notes each statement and can hold the first.
 */
class OutcomeRecorderTest {
  private final List<Set<Long>> statements = new CopyOnWriteArrayList<>();
  private final List<String> writtenBy = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstWriting = new CountDownLatch(1);
  private final CountDownLatch firstMayEnd = new CountDownLatch(1);
  private OutcomeRecorder recorder;

  @BeforeEach
  void start() {
    recorder = new OutcomeRecorder();
    recorder.threads = new TestThreads("recorder-test");
    recorder.queue =
        new DeliveryQueue() {
          @Override
          public void record(
              List<Outcome> outcomes, String claimant, List<Parcel> unsent, Instant dueAt) {
            assertEquals("me", claimant);
            assertTrue(unsent.isEmpty());
            statements.add(
                outcomes.stream().map(o -> o.parcel().deliveryId()).collect(Collectors.toSet()));
            writtenBy.add(Thread.currentThread().getName());
            if (statements.size() == 1) {
              firstWriting.countDown();
              try {
                firstMayEnd.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    recorder.start();
  }

  @AfterEach
  void stop() {
    firstMayEnd.countDown();
    recorder.stop();
  }

  @Test
  void chunksThatFinishWhileOneIsWrittenAreRecordedTogetherAfterIt() throws Exception {
    Thread first = worker(1, 2);
    assertTrue(firstWriting.await(5, TimeUnit.SECONDS));
    Thread second = worker(3);
    Thread third = worker(4, 5);
    awaitWaiting(second, third);

    assertTrue(second.isAlive(), "a worker waits until its chunk is recorded");
    assertEquals(List.of(Set.of(1L, 2L)), statements);

    firstMayEnd.countDown();
    for (Thread worker : List.of(first, second, third)) worker.join(5_000);
    assertFalse(third.isAlive());
    assertEquals(List.of(Set.of(1L, 2L), Set.of(3L, 4L, 5L)), statements);
  }

  @Test
  void aChunkAloneIsRecordedAtOnce() throws Exception {
    firstMayEnd.countDown();
    Thread alone = worker(7);
    alone.join(5_000);
    assertFalse(alone.isAlive());
    assertEquals(List.of(Set.of(7L)), statements);
  }

  @Test
  void anInterruptedWorkerReturnsOnlyOnceItsChunkIsRecordedAndKeepsItsInterrupt() throws Exception {
    worker(1);
    assertTrue(firstWriting.await(5, TimeUnit.SECONDS));
    List<Outcome> outcomes = List.of(delivered(2));
    CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
    Thread second =
        new Thread(
            () -> {
              recorder.record(outcomes, "me");
              interruptKept.complete(Thread.currentThread().isInterrupted());
            });
    second.start();
    awaitWaiting(second);
    second.interrupt(); // as the dispatcher does at shutdown, before it gives the claims back
    Thread.sleep(100);
    assertTrue(second.isAlive(), "still waiting for its chunk to be recorded");

    firstMayEnd.countDown();
    assertTrue(interruptKept.get(5, TimeUnit.SECONDS));
    assertEquals(List.of(Set.of(1L), Set.of(2L)), statements);
  }

  @Test
  void aChunkStillWaitingWhenTheRecorderStopsIsRecordedByItsWorker() throws Exception {
    worker(1);
    assertTrue(firstWriting.await(5, TimeUnit.SECONDS));
    Thread second = worker(2);
    awaitWaiting(second);
    Thread stopping = new Thread(recorder::stop);
    stopping.start();
    Thread.sleep(100); // the stop has begun: the writer takes nothing after its batch under way
    firstMayEnd.countDown();
    second.join(5_000);
    stopping.join(5_000);

    assertFalse(second.isAlive());
    assertEquals(List.of(Set.of(1L), Set.of(2L)), statements);
    assertEquals(second.getName(), writtenBy.get(1), "written by the worker itself");
  }

  /** Until each thread waits for its chunk's commit (it has handed it over to the writer). */
  private static void awaitWaiting(Thread... threads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Thread thread : threads)
      while (thread.getState() != Thread.State.WAITING) {
        assertTrue(System.nanoTime() < deadline, thread + " never waited");
        Thread.sleep(5);
      }
  }

  private Thread worker(long... deliveryIds) {
    List<Outcome> outcomes =
        Arrays.stream(deliveryIds).mapToObj(OutcomeRecorderTest::delivered).toList();
    Thread thread = new Thread(() -> recorder.record(outcomes, "me"));
    thread.start();
    return thread;
  }

  private static Outcome delivered(long deliveryId) {
    Parcel parcel =
        new Parcel(
            deliveryId,
            UUID.randomUUID(),
            "n",
            "e",
            "application/json",
            1,
            new byte[1],
            Instant.now());
    return new Outcome(parcel, AttemptResult.delivered(200, 1), Instant.now(), null);
  }
}
