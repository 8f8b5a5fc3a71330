package orchestrator.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private static final RuntimeException UNAVAILABLE = new IllegalStateException("database down");

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
  private final List<String> alone = Collections.synchronizedList(new ArrayList<>());
  private GroupCommit<String, String> commit;

  @AfterEach
  void stop() {
    if (commit != null) commit.stop(1_000);
    callers.shutdownNow();
  }

  /** Writes "x" as "X"; refuses "bad"; optionally fails whole batches or blocks the first one. */
  private final class Store implements GroupCommit.Writer<String, String> {
    Function<List<String>, RuntimeException> batchFailure = items -> null;
    CountDownLatch firstBatchMayEnd = new CountDownLatch(0);

    @Override
    public List<GroupCommit.Result<String>> writeAll(List<String> items) {
      batches.add(List.copyOf(items));
      await(firstBatchMayEnd);
      RuntimeException failure = batchFailure.apply(items);
      if (failure != null) throw failure;
      return items.stream()
          .map(
              item ->
                  item.equals("bad")
                      ? GroupCommit.Result.<String>refused(new IllegalArgumentException(item))
                      : GroupCommit.Result.of(item.toUpperCase()))
          .toList();
    }

    @Override
    public String writeOne(String item) {
      alone.add(item);
      if (item.equals("bad")) throw new IllegalArgumentException(item);
      return item.toUpperCase();
    }
  }

  private GroupCommit<String, String> start(Store store, int maxItems, long maxBytes) {
    commit =
        new GroupCommit<>(
                store,
                maxItems,
                maxBytes,
                String::length,
                failure -> failure == UNAVAILABLE,
                () -> new IllegalStateException("stopped"))
            .start(Thread::new, 1, "test-writer");
    return commit;
  }

  /**
   * Starts one writer on the store and hands in "a": returns once the writer is inside its batch,
   * held there until the store's latch opens.
   */
  private CompletableFuture<String> writingFirstBatch(Store store) throws InterruptedException {
    store.firstBatchMayEnd = new CountDownLatch(1);
    start(store, 100, 1 << 20);
    CompletableFuture<String> first = submit("a");
    awaitUntil(() -> batches.size() == 1);
    return first;
  }

  private CompletableFuture<String> submit(String item) {
    return CompletableFuture.supplyAsync(() -> commit.submit(item), callers);
  }

  @Test
  void whatQueuesUpWhileABatchIsWrittenIsWrittenTogetherAndEachCallerGetsItsOwnResult()
      throws Exception {
    Store store = new Store();
    CompletableFuture<String> first = writingFirstBatch(store);
    List<CompletableFuture<String>> rest =
        List.of(submit("b"), submit("c"), submit("d"), submit("e"));
    awaitUntil(() -> commit.waiting() == 4);
    store.firstBatchMayEnd.countDown();
    assertEquals("A", first.get(5, TimeUnit.SECONDS));
    assertEquals(
        List.of("B", "C", "D", "E"), rest.stream().map(CompletableFuture::join).sorted().toList());
    assertEquals(2, batches.size(), batches::toString);
    assertEquals(List.of("b", "c", "d", "e"), batches.get(1).stream().sorted().toList());
  }

  @Test
  void anInterruptedCallerWaitsOnForItsItemWhenItAskedToAndKeepsItsInterrupt() throws Exception {
    Store store = new Store();
    CompletableFuture<String> first = writingFirstBatch(store);
    CompletableFuture<String> result = new CompletableFuture<>();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              result.complete(commit.submitUninterruptibly("b"));
              stillInterrupted.complete(Thread.currentThread().isInterrupted());
            });
    caller.start();
    awaitUntil(() -> commit.waiting() == 1);
    caller.interrupt();
    Thread.sleep(100);
    assertTrue(caller.isAlive(), "still waiting for its item to be written");

    store.firstBatchMayEnd.countDown();
    assertEquals("A", first.get(5, TimeUnit.SECONDS));
    assertEquals("B", result.get(5, TimeUnit.SECONDS));
    assertTrue(stillInterrupted.get(5, TimeUnit.SECONDS));
  }

  @Test
  void anInterruptedCallerStopsWaitingByDefault() throws Exception {
    Store store = new Store();
    writingFirstBatch(store);
    CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                commit.submit("b");
                failure.complete(null);
              } catch (RuntimeException e) {
                failure.complete(e);
              }
            });
    caller.start();
    awaitUntil(() -> commit.waiting() == 1);
    caller.interrupt();
    assertTrue(failure.get(5, TimeUnit.SECONDS) instanceof IllegalStateException);
    store.firstBatchMayEnd.countDown();
  }

  @Test
  void aBatchTakesNoMoreThanItsLimitsOfItemsAndBytes() throws Exception {
    Store store = new Store();
    store.firstBatchMayEnd = new CountDownLatch(1);
    start(store, 3, 6);
    submit("block");
    awaitUntil(() -> batches.size() == 1);
    List<CompletableFuture<String>> rest = new ArrayList<>();
    for (String item : List.of("aa", "bb", "cc", "dd", "eeeeeeee", "ff")) {
      rest.add(submit(item));
      awaitUntil(
          () -> commit.waiting() == rest.size()); // one at a time, so the queue keeps this order
    }
    store.firstBatchMayEnd.countDown();
    for (CompletableFuture<String> result : rest) result.get(5, TimeUnit.SECONDS);
    // 3 items at most; a batch stops taking items once it holds 6 bytes; an item larger than that
    // goes alone
    assertEquals(
        List.of(
            List.of("block"), List.of("aa", "bb", "cc"), List.of("dd", "eeeeeeee"), List.of("ff")),
        batches);
  }

  @Test
  void aRefusedItemFailsOnlyItsOwnCaller() throws Exception {
    Store store = new Store();
    CompletableFuture<String> first = writingFirstBatch(store);
    CompletableFuture<String> good = submit("good");
    CompletableFuture<String> bad = submit("bad");
    awaitUntil(() -> commit.waiting() == 2);
    store.firstBatchMayEnd.countDown();
    first.get(5, TimeUnit.SECONDS);
    assertEquals("GOOD", good.get(5, TimeUnit.SECONDS));
    Exception refused = assertThrows(Exception.class, () -> bad.get(5, TimeUnit.SECONDS));
    assertTrue(refused.getCause() instanceof IllegalArgumentException, refused::toString);
    assertEquals(List.of(), alone, "a refusal is not a failed batch: nothing is written again");
  }

  @Test
  void aFailedBatchIsWrittenAgainItemByItemSoOneBadItemDoesNotFailTheOthers() throws Exception {
    Store store = new Store();
    store.batchFailure = items -> items.size() > 1 ? new IllegalStateException("constraint") : null;
    CompletableFuture<String> first = writingFirstBatch(store);
    List<CompletableFuture<String>> rest = List.of(submit("x"), submit("bad"), submit("y"));
    awaitUntil(() -> commit.waiting() == 3);
    store.firstBatchMayEnd.countDown();
    first.get(5, TimeUnit.SECONDS);
    assertEquals("X", rest.get(0).get(5, TimeUnit.SECONDS));
    assertEquals("Y", rest.get(2).get(5, TimeUnit.SECONDS));
    Exception failed = assertThrows(Exception.class, () -> rest.get(1).get(5, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof IllegalArgumentException, failed::toString);
    assertEquals(List.of("bad", "x", "y"), alone.stream().sorted().toList());
  }

  @Test
  void anUnavailableDatabaseFailsTheWholeBatchAtOnce() throws Exception {
    Store store = new Store();
    store.batchFailure = items -> items.size() > 1 ? UNAVAILABLE : null;
    CompletableFuture<String> first = writingFirstBatch(store);
    List<CompletableFuture<String>> rest = List.of(submit("x"), submit("y"));
    awaitUntil(() -> commit.waiting() == 2);
    store.firstBatchMayEnd.countDown();
    first.get(5, TimeUnit.SECONDS);
    for (CompletableFuture<String> result : rest) {
      Exception failed = assertThrows(Exception.class, () -> result.get(5, TimeUnit.SECONDS));
      assertSame(UNAVAILABLE, failed.getCause());
    }
    assertEquals(List.of(), alone, "no item is tried again alone");
  }

  @Test
  void afterStopCallersStillWaitingAreFailedAndNewOnesWriteAlone() throws Exception {
    Store store = new Store();
    CompletableFuture<String> first = writingFirstBatch(store);
    CompletableFuture<String> waiting = submit("w");
    awaitUntil(() -> commit.waiting() == 1);
    CompletableFuture<Void> stopping =
        CompletableFuture.runAsync(() -> commit.stop(5_000), callers);
    awaitUntil(commit::stopping); // else the writer may take "w" before it sees the stop
    store.firstBatchMayEnd.countDown();
    stopping.get(5, TimeUnit.SECONDS);
    assertEquals("A", first.get(5, TimeUnit.SECONDS), "the batch under way is finished");
    Exception failed = assertThrows(Exception.class, () -> waiting.get(5, TimeUnit.SECONDS));
    assertEquals("stopped", failed.getCause().getMessage());
    assertEquals("LATE", commit.submit("late"));
    assertEquals(List.of("late"), alone);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 5 s");
      Thread.sleep(2);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) throw new AssertionError("latch not released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
