package orchestrator.platform.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the items of concurrent callers together: each caller hands in its item and waits, a few
 * writer threads take whatever has queued up meanwhile and store it in one transaction, and each
 * caller gets its own result once that transaction has committed. Under load this turns many small
 * commits into a few larger ones; alone, an item is written at once, by itself.
 *
 * <p>One item's refusal (its {@link Result#refusal()}) does not touch the others. If the batch as a
 * whole fails, its items are written again one by one, so a single bad item cannot fail its
 * neighbours; a database that does not answer fails the whole batch at once instead, so that its
 * callers do not wait for one time-out each.
 *
 * @param <T> what a caller hands in
 * @param <R> what it gets back
 */
public final class GroupCommit<T, R> {
  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
  private static final long POLL_MILLIS = 200;

  /**
   * The outcome of one item in a batch: its value, or why it was refused (nothing of it stored).
   */
  public record Result<R>(R value, RuntimeException refusal) {
    public static <R> Result<R> of(R value) {
      return new Result<>(value, null);
    }

    public static <R> Result<R> refused(RuntimeException refusal) {
      return new Result<>(null, Objects.requireNonNull(refusal));
    }
  }

  /** How a batch is written and how an item is written alone. */
  public interface Writer<T, R> {
    /** Writes every item in one transaction; one result per item, in order. */
    List<Result<R>> writeAll(List<T> items);

    /** Writes one item in a transaction of its own. */
    R writeOne(T item);
  }

  private record Waiting<T, R>(T item, CompletableFuture<R> result) {}

  private final Writer<T, R> writer;
  private final int maxItems;
  private final long maxBytes;
  private final ToIntFunction<T> size;
  private final Predicate<RuntimeException> unavailable;
  private final Supplier<RuntimeException> stopping;
  private final LinkedBlockingQueue<Waiting<T, R>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean stopped;

  /**
   * @param maxItems most items in one batch
   * @param maxBytes a batch takes no more items once their sizes add up to this much
   * @param size an item's size in bytes, for {@code maxBytes}
   * @param unavailable whether a failure means the database does not answer (the batch fails as
   *     one)
   * @param stopping the failure given to callers still waiting when the writers stop
   */
  public GroupCommit(
      Writer<T, R> writer,
      int maxItems,
      long maxBytes,
      ToIntFunction<T> size,
      Predicate<RuntimeException> unavailable,
      Supplier<RuntimeException> stopping) {
    this.writer = writer;
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
    this.size = size;
    this.unavailable = unavailable;
    this.stopping = stopping;
  }

  /** Starts {@code count} writer threads. */
  public synchronized GroupCommit<T, R> start(ThreadFactory threads, int count, String name) {
    for (int i = 0; i < count; i++) {
      Thread thread = threads.newThread(this::writeUntilStopped);
      thread.setName(name + "-" + (i + 1));
      writers.add(thread);
      thread.start();
    }
    return this;
  }

  /**
   * Hands the item in and waits until it is written: returns its value, or throws its refusal or
   * the batch's failure.
   */
  public R submit(T item) {
    return submit(item, true);
  }

  /**
   * {@link #submit}, waiting on when the thread is interrupted (its interrupt is kept): for a
   * caller that must not go on before its item is written or has failed, as when it wrote it
   * itself.
   */
  public R submitUninterruptibly(T item) {
    return submit(item, false);
  }

  private R submit(T item, boolean interruptible) {
    if (stopped) return writer.writeOne(item);
    Waiting<T, R> waiting = new Waiting<>(item, new CompletableFuture<>());
    queue.add(waiting);
    if (stopped && queue.remove(waiting)) return writer.writeOne(item); // stop() may have missed it
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return waiting.result().get();
        } catch (InterruptedException e) {
          if (interruptible) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                "Interrupted while its batch was being written; it may or may not have been stored",
                e);
          }
          interrupted = true; // the writer writes it, or stop() fails it
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) throw failure;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /** Stops the writers after the batch under way, then fails whoever still waits. */
  public void stop(long waitMillis) {
    stopped = true;
    List<Thread> threads;
    synchronized (this) {
      threads = List.copyOf(writers);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Waiting<T, R> left; (left = queue.poll()) != null; )
      left.result().completeExceptionally(stopping.get());
  }

  /** Whether {@link #stop} has begun (for tests). */
  boolean stopping() {
    return stopped;
  }

  /** Callers waiting for a writer to take their item (for tests). */
  int waiting() {
    return queue.size();
  }

  private void writeUntilStopped() {
    List<Waiting<T, R>> batch = new ArrayList<>(maxItems);
    while (!stopped) {
      try {
        Waiting<T, R> first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        long bytes = size.applyAsInt(first.item());
        while (batch.size() < maxItems && bytes < maxBytes) {
          Waiting<T, R> next = queue.poll();
          if (next == null) break;
          batch.add(next);
          bytes += size.applyAsInt(next.item());
        }
        write(batch);
      } catch (InterruptedException e) {
        break;
      } catch (Throwable e) {
        LOG.log(Level.SEVERE, "A batch writer failed", e);
        for (Waiting<T, R> waiting : batch) waiting.result().completeExceptionally(e);
      } finally {
        batch.clear();
      }
    }
  }

  private void write(List<Waiting<T, R>> batch) {
    List<Result<R>> results;
    try {
      results = writer.writeAll(batch.stream().map(Waiting::item).toList());
    } catch (RuntimeException failure) {
      if (batch.size() == 1 || unavailable.test(failure)) {
        for (Waiting<T, R> waiting : batch) waiting.result().completeExceptionally(failure);
      } else {
        for (Waiting<T, R> waiting : batch) writeAlone(waiting);
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      Result<R> result = results.get(i);
      if (result.refusal() != null) batch.get(i).result().completeExceptionally(result.refusal());
      else batch.get(i).result().complete(result.value());
    }
  }

  private void writeAlone(Waiting<T, R> waiting) {
    try {
      waiting.result().complete(writer.writeOne(waiting.item()));
    } catch (RuntimeException failure) {
      waiting.result().completeExceptionally(failure);
    }
  }
}
