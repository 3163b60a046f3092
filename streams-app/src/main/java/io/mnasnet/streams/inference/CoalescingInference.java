package io.mnasnet.streams.inference;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies the micro-batches of all stream threads of an instance, merging batches that arrive
 * while the model is busy into one model call ("group commit", as inference servers batch pending
 * requests): a thread that finds the model idle runs its batch at once; threads arriving meanwhile
 * wait, and when the call ends the first of them runs all waiting batches together. No batch waits
 * longer than one model call for company, and with one stream thread this is a plain call.
 *
 * <p>Each micro-batch still belongs to its task (its buffer, offsets and predictions stay in that
 * task's transaction); only the model call is shared. The whole merged call uses one model version
 * (one {@link ModelHolder} lease). If it fails, every batch in it fails.
 *
 * <p>Model calls never overlap, so {@link #busyMillis()} is the total length of the calls, read
 * from the given clock.
 */
public final class CoalescingInference implements BatchInference {
  private final ModelHolder holder;
  private final Clock clock;
  private final Object lock = new Object();
  private final List<Request> waiting = new ArrayList<>(); // guarded by lock
  private boolean running; // guarded by lock
  private long busyBeforeCurrentCallMs; // guarded by lock
  private long currentCallStartMs; // guarded by lock

  /** Times model calls with the system clock. */
  public CoalescingInference(ModelHolder holder) {
    this(holder, Clock.systemUTC());
  }

  /**
   * @param clock the clock of {@link #busyMillis()}: the one the micro-batches measure their linger
   *     with
   */
  public CoalescingInference(ModelHolder holder, Clock clock) {
    this.holder = holder;
    this.clock = clock;
  }

  @Override
  public long busyMillis() {
    synchronized (lock) {
      return busyBeforeCurrentCallMs + (running ? clock.millis() - currentCallStartMs : 0);
    }
  }

  private static final class Request {
    final List<byte[]> images;
    BatchResult result;
    RuntimeException error;
    boolean done;

    Request(List<byte[]> images) {
      this.images = images;
    }
  }

  @Override
  public BatchResult classify(List<byte[]> encodedImages) {
    Request request = new Request(encodedImages);
    List<Request> group;
    synchronized (lock) {
      waiting.add(request);
      while (running && !request.done) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          waiting.remove(request);
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the model", e);
        }
      }
      if (request.done) {
        return resultOf(request);
      }
      running = true;
      currentCallStartMs = clock.millis();
      group = new ArrayList<>(waiting);
      waiting.clear();
    }
    try {
      runGroup(group);
    } finally {
      synchronized (lock) {
        busyBeforeCurrentCallMs += Math.max(0, clock.millis() - currentCallStartMs);
        running = false;
        lock.notifyAll();
      }
    }
    return resultOf(request);
  }

  private void runGroup(List<Request> group) {
    List<byte[]> all = new ArrayList<>();
    for (Request r : group) {
      all.addAll(r.images);
    }
    try (ModelHolder.Lease lease = holder.acquire()) {
      long start = System.nanoTime();
      List<ImageScores> scores = lease.model().classify(all);
      long nanos = System.nanoTime() - start;
      if (scores.size() != all.size()) {
        throw new IllegalStateException(
            "model "
                + lease.model().identity()
                + " returned "
                + scores.size()
                + " results for "
                + all.size()
                + " images");
      }
      int from = 0;
      for (Request r : group) {
        List<ImageScores> slice = List.copyOf(scores.subList(from, from + r.images.size()));
        from += r.images.size();
        complete(r, new BatchResult(lease.model().identity(), slice, nanos, all.size()), null);
      }
    } catch (RuntimeException e) {
      for (Request r : group) {
        complete(r, null, e);
      }
    }
  }

  private void complete(Request request, BatchResult result, RuntimeException error) {
    synchronized (lock) {
      request.result = result;
      request.error = error;
      request.done = true;
    }
  }

  private BatchResult resultOf(Request request) {
    synchronized (lock) {
      if (request.error != null) {
        throw request.error;
      }
      return request.result;
    }
  }
}
