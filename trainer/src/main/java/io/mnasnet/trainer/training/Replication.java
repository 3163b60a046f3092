package io.mnasnet.trainer.training;

/**
 * How many data-parallel replicas a run trains with, and how their BatchNorm layers see the batch.
 * Part of the run ({@code run.json}): per-replica BatchNorm statistics change the numbers.
 *
 * @param replicas copies of the model, each on its own device (GPU {@code i}; on a CPU, a share of
 *     the cores), each computing {@code batchSize / replicas} images of every step, >= 1
 * @param synchronisedBatchNorm whether BatchNorm normalises with the statistics of the whole batch
 *     (all replicas) instead of each replica's part (PyTorch's {@code DataParallel}, the default)
 */
public record Replication(int replicas, boolean synchronisedBatchNorm) {

  /** One replica: the whole batch on one device. */
  public static final Replication SINGLE = new Replication(1, false);

  public Replication {
    if (replicas < 1) {
      throw new IllegalArgumentException("--replicas must be >= 1, got " + replicas);
    }
  }

  /** Fails unless {@code batchSize} splits into equal parts. */
  void checkBatchSize(int batchSize) {
    if (batchSize % replicas != 0) {
      throw new IllegalArgumentException(
          "--batch-size "
              + batchSize
              + " does not split into "
              + replicas
              + " equal parts; use a multiple of --replicas");
    }
  }
}
