package io.mnasnet.trainer.augment;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which samples go into which batch during one pass, and the seed of each batch's augmentation.
 *
 * <p>Everything derives from {@code (seed, epoch)}: the shuffle, and for batch {@code b} an
 * independent seed, so the content of every batch is the same however many workers build it and in
 * whatever order they finish.
 */
public final class BatchPlan {

  private final int[][] batches;
  private final long seed;
  private final int epoch;
  private final int firstBatch;

  private BatchPlan(int[][] batches, long seed, int epoch, int firstBatch) {
    this.batches = batches;
    this.seed = seed;
    this.epoch = epoch;
    this.firstBatch = firstBatch;
  }

  /**
   * A training pass: samples shuffled by {@code (seed, epoch)}, cut into batches of {@code
   * batchSize}.
   *
   * @param dropLast drop the final partial batch (training: keeps batch statistics comparable)
   */
  public static BatchPlan shuffled(
      int datasetSize, int batchSize, boolean dropLast, long seed, int epoch) {
    int[] order = new int[datasetSize];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(mix(seed, epoch, -1));
    for (int i = datasetSize - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return new BatchPlan(cut(order, batchSize, dropLast), seed, epoch, 0);
  }

  /** An evaluation pass: samples in order, the last batch possibly smaller. */
  public static BatchPlan sequential(int datasetSize, int batchSize, long seed) {
    int[] order = new int[datasetSize];
    Arrays.setAll(order, i -> i);
    return new BatchPlan(cut(order, batchSize, false), seed, 0, 0);
  }

  /**
   * The rest of this pass from batch {@code first} on, e.g. to resume an interrupted epoch: batch
   * {@code b} of the result holds exactly the samples and the augmentation seed of batch {@code
   * first + b} of this plan.
   *
   * @param first number of batches already done, in {@code [0, batchCount()]}
   */
  public BatchPlan skip(int first) {
    if (first < 0 || first > batches.length) {
      throw new IllegalArgumentException(
          "cannot skip " + first + " batches of a plan of " + batches.length);
    }
    return new BatchPlan(
        Arrays.copyOfRange(batches, first, batches.length), seed, epoch, firstBatch + first);
  }

  /** Number of batches in the pass. */
  public int batchCount() {
    return batches.length;
  }

  /** The sample indices of batch {@code batch} (a copy). */
  public int[] samplesOf(int batch) {
    return batches[batch].clone();
  }

  /** The seed of batch {@code batch}'s augmentation randomness. */
  public long seedOf(int batch) {
    return mix(seed, epoch, firstBatch + batch);
  }

  int[] samplesOfUnsafe(int batch) {
    return batches[batch];
  }

  private static int[][] cut(int[] order, int batchSize, boolean dropLast) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    int full = order.length / batchSize;
    int count = dropLast || order.length % batchSize == 0 ? full : full + 1;
    int[][] batches = new int[count][];
    for (int b = 0; b < count; b++) {
      int from = b * batchSize;
      batches[b] = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
    }
    return batches;
  }

  /** SplitMix64-style mixing of the three numbers into one well-spread seed. */
  private static long mix(long seed, long epoch, long batch) {
    long z = seed;
    for (long value : new long[] {epoch, batch}) {
      z = finalise(z + 0x9E3779B97F4A7C15L + value * 0xBF58476D1CE4E5B9L);
    }
    return z;
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
