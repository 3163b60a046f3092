package io.mnasnet.trainer.augment;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * Builds the batches of one {@link BatchPlan} ahead of the training loop: {@code workers} threads
 * load, decode and augment samples while the model computes, keeping at most {@code prefetch}
 * batches in flight or ready.
 *
 * <p>Batches are delivered in plan order, and batch {@code b}'s augmentation draws only from a
 * generator seeded with {@link BatchPlan#seedOf(int) plan.seedOf(b)} (split once per sample, in
 * order), so the content of every batch is independent of the number of workers and of thread
 * scheduling. A failure in a worker surfaces from {@link #next()} as a {@link
 * BatchLoadingException} naming the batch and sample. {@link #close()} stops the workers.
 *
 * <p>The loader measures how long the consumer waited in {@link #next()}: {@link
 * #dataWaitFraction()} near 0 means the input pipeline keeps up; near 1 means the model is starved
 * and more workers (or cheaper augmentation) are needed.
 *
 * <pre>{@code
 * BatchPlan plan = BatchPlan.shuffled(source.size(), 128, true, seed, epoch);
 * try (var loader = new PrefetchingBatchLoader(source, ImagePipelines.fashionMnistTrain(3),
 *     plan, 2, 4)) {
 *   while (loader.hasNext()) {
 *     Batch batch = loader.next();
 *     ... feed batch.images() with shape batch.shape() ...
 *   }
 * }
 * }</pre>
 */
public final class PrefetchingBatchLoader implements Iterator<Batch>, AutoCloseable {

  private static final AtomicInteger LOADER_IDS = new AtomicInteger();
  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private final SampleSource source;
  private final ImageTransform transform;
  private final BatchPlan plan;
  private final ExecutorService workers;
  private final Semaphore slots;
  private final AtomicInteger nextToBuild = new AtomicInteger();
  private final AtomicReferenceArray<CompletableFuture<Batch>> results;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private final AtomicLong waitedNanos = new AtomicLong();
  private volatile boolean closed;
  private int nextToDeliver;

  /**
   * Starts the workers.
   *
   * @param source the samples (thread-safe)
   * @param transform preprocessing/augmentation applied to each sample
   * @param plan the batches to build, in order
   * @param workerCount worker threads, >= 1
   * @param prefetch maximum batches built ahead of the consumer, >= 1
   */
  public PrefetchingBatchLoader(
      SampleSource source,
      ImageTransform transform,
      BatchPlan plan,
      int workerCount,
      int prefetch) {
    this(source, transform, plan, workerCount, prefetch, System::nanoTime);
  }

  PrefetchingBatchLoader(
      SampleSource source,
      ImageTransform transform,
      BatchPlan plan,
      int workerCount,
      int prefetch,
      LongSupplier nanoClock) {
    if (workerCount < 1 || prefetch < 1) {
      throw new IllegalArgumentException(
          "workerCount and prefetch must be >= 1, got " + workerCount + ", " + prefetch);
    }
    this.source = source;
    this.transform = transform;
    this.plan = plan;
    this.slots = new Semaphore(prefetch);
    this.results = new AtomicReferenceArray<>(plan.batchCount());
    for (int b = 0; b < plan.batchCount(); b++) {
      results.set(b, new CompletableFuture<>());
    }
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    int loaderId = LOADER_IDS.incrementAndGet();
    AtomicInteger threadIds = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            workerCount,
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable,
                      "batch-loader-" + loaderId + "-worker-" + threadIds.incrementAndGet());
              // a loader someone forgot to close must not keep the JVM alive
              thread.setDaemon(true);
              return thread;
            });
    for (int w = 0; w < workerCount; w++) {
      workers.execute(this::work);
    }
  }

  @Override
  public boolean hasNext() {
    return nextToDeliver < results.length();
  }

  /**
   * Returns the next batch in plan order, waiting for it if it is not ready.
   *
   * @throws BatchLoadingException if a worker failed on this batch
   * @throws IllegalStateException if the loader is closed
   */
  @Override
  public Batch next() {
    if (closed) {
      throw new IllegalStateException("the batch loader is closed");
    }
    if (!hasNext()) {
      throw new NoSuchElementException("all " + results.length() + " batches were delivered");
    }
    CompletableFuture<Batch> result = results.get(nextToDeliver);
    long before = nanoClock.getAsLong();
    Batch batch;
    try {
      batch = result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for batch " + nextToDeliver, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof BatchLoadingException failure
          ? new BatchLoadingException(failure.getMessage(), failure)
          : new BatchLoadingException("batch " + nextToDeliver + " failed", e.getCause());
    } finally {
      waitedNanos.addAndGet(nanoClock.getAsLong() - before);
    }
    results.set(nextToDeliver, null); // let the batch be collected once the caller drops it
    nextToDeliver++;
    slots.release();
    return batch;
  }

  /** Total time spent waiting in {@link #next()}, nanoseconds. */
  public long waitedNanos() {
    return waitedNanos.get();
  }

  /** Time since the loader started, nanoseconds. */
  public long elapsedNanos() {
    return nanoClock.getAsLong() - startNanos;
  }

  /** Share of the time since start that the consumer spent waiting for batches, in [0, 1]. */
  public double dataWaitFraction() {
    long elapsed = elapsedNanos();
    return elapsed <= 0 ? 0 : Math.min(1, waitedNanos() / (double) elapsed);
  }

  /** Stops the workers (interrupting them) and waits for them to exit. */
  @Override
  public void close() {
    closed = true;
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "batch loader workers did not stop within "
                + CLOSE_TIMEOUT_SECONDS
                + " s; a SampleSource.load call is probably blocked");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Worker loop: claim the next batch index (in order) once a prefetch slot is free, build it. */
  private void work() {
    try {
      while (!closed) {
        slots.acquire();
        int b = nextToBuild.getAndIncrement();
        if (b >= results.length()) {
          slots.release(); // wake the next idle worker so that it exits too
          return;
        }
        try {
          results.get(b).complete(build(b));
        } catch (Throwable failure) {
          results.get(b).completeExceptionally(failure);
          if (failure instanceof Error error && !(failure instanceof AssertionError)) {
            throw error;
          }
        }
      }
    } catch (InterruptedException e) {
      // close(): exit quietly
    }
  }

  private Batch build(int b) {
    int[] samples = plan.samplesOfUnsafe(b);
    SplittableRandom random = new SplittableRandom(plan.seedOf(b));
    float[] images = null;
    int[] labels = new int[samples.length];
    int height = 0;
    int width = 0;
    int channels = 0;
    int imageSize = 0;
    for (int i = 0; i < samples.length; i++) {
      if (closed) {
        throw new BatchLoadingException("loader closed while building batch " + b, null);
      }
      int sample = samples[i];
      // one independent stream per sample, drawn in sample order: fixed by the seed alone
      SplittableRandom sampleRandom = random.split();
      FloatImage image;
      try {
        LabelledImage labelled = source.loadTransformed(sample, transform, sampleRandom);
        image = labelled.image();
        labels[i] = labelled.label();
      } catch (Exception e) {
        throw new BatchLoadingException(
            "batch " + b + ": sample " + sample + " failed: " + e.getMessage(), e);
      }
      if (images == null) {
        height = image.height();
        width = image.width();
        channels = image.channels();
        imageSize = image.pixels().length;
        images = new float[samples.length * imageSize];
      } else if (image.height() != height
          || image.width() != width
          || image.channels() != channels) {
        throw new BatchLoadingException(
            "batch "
                + b
                + ": sample "
                + sample
                + " became "
                + image.shape()
                + " but the batch is "
                + height
                + "x"
                + width
                + "x"
                + channels
                + "; the pipeline must produce one fixed size",
            null);
      }
      System.arraycopy(image.pixels(), 0, images, i * imageSize, imageSize);
    }
    return new Batch(b, samples.length, height, width, channels, images, labels);
  }
}
