package io.mnasnet.inference.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Splits a batch into contiguous parts and runs one function per part concurrently: the caller's
 * thread takes the first part, a small pool the others. Results come back in batch order.
 *
 * <p>Why: one model serves concurrent calls, and on a CPU two calls of half a batch each, every op
 * on one thread, keep the cores busier than one call whose small ops (depthwise convolutions, 1x1
 * convolutions on small maps) are each split across the cores and synchronised. Used by every
 * engine.
 */
public final class BatchShards implements AutoCloseable {
  private final int shards;
  private final ExecutorService pool;

  /**
   * @param shards the most parts a batch is split into (1 = run in the caller's thread only)
   * @param threadName prefix of the pool's thread names
   */
  public BatchShards(int shards, String threadName) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    this.shards = shards;
    this.pool = shards == 1 ? null : Executors.newFixedThreadPool(shards - 1, daemons(threadName));
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The most parts a batch is split into. */
  public int shards() {
    return shards;
  }

  /**
   * Runs {@code part.apply(from, to)} for contiguous ranges covering {@code [0, n)}, as evenly
   * sized as possible, at most one per shard and none empty.
   *
   * @return the parts' results, first range first (may hold nulls)
   */
  public <T> List<T> run(int n, BiFunction<Integer, Integer, T> part) {
    return run(n, (index, from, to) -> part.apply(from, to));
  }

  /** One part of a batch: images {@code [from, to)}, the {@code index}-th part (0 first). */
  @FunctionalInterface
  public interface Part<T> {
    T apply(int index, int from, int to);
  }

  /**
   * As {@link #run(int, BiFunction)}, telling each part its index ({@code 0 <= index < shards()},
   * distinct among the parts of one call): an engine with one native session per shard runs part
   * {@code index} on session {@code index}.
   */
  public <T> List<T> run(int n, Part<T> part) {
    int parts = Math.min(shards, n);
    if (parts <= 1) {
      return Collections.singletonList(part.apply(0, 0, n));
    }
    List<Future<T>> others = new ArrayList<>(parts - 1);
    for (int p = 1; p < parts; p++) {
      int index = p;
      int from = start(p, parts, n);
      int to = start(p + 1, parts, n);
      others.add(pool.submit(() -> part.apply(index, from, to)));
    }
    List<T> results = new ArrayList<>(parts);
    RuntimeException failure = null;
    try {
      results.add(part.apply(0, 0, start(1, parts, n)));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<T> other : others) {
      try {
        // Wait for every part, even after a failure: none may still run when the caller goes on
        // (and perhaps closes the model).
        results.add(other.get());
      } catch (ExecutionException e) {
        failure = failure != null ? failure : asRuntime(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException("interrupted while waiting for a batch shard", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  private static int start(int part, int parts, int n) {
    return (int) ((long) part * n / parts);
  }

  private static RuntimeException asRuntime(Throwable cause) {
    return cause instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException("batch shard failed: " + cause, cause);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
