package io.mnasnet.trainer.training;

import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.BatchPlan;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.PrefetchingBatchLoader;
import io.mnasnet.trainer.augment.SampleSource;

/**
 * Measures top-1, top-5 and cross-entropy of a classifier on a labelled sample source: the samples
 * are preprocessed by worker threads ({@link PrefetchingBatchLoader}) in order and scored batch by
 * batch by a {@link BatchClassifier} (the trainer's evaluation tower, or an exported SavedModel).
 */
public final class Evaluator {

  /** Default evaluation batch size. */
  public static final int DEFAULT_BATCH_SIZE = 250;

  /** Scores one preprocessed batch. */
  @FunctionalInterface
  public interface BatchClassifier {
    /** Logits of {@code batch}, {@code batch.size() * classes} values row-major. */
    float[] logits(Batch batch);
  }

  private final int batchSize;
  private final int workers;

  /**
   * @param batchSize images per call of the classifier
   * @param workers preprocessing threads
   */
  public Evaluator(int batchSize, int workers) {
    if (batchSize < 1 || workers < 1) {
      throw new IllegalArgumentException(
          "batchSize and workers must be >= 1, got " + batchSize + " and " + workers);
    }
    this.batchSize = batchSize;
    this.workers = workers;
  }

  /** Evaluates {@code classifier} on every sample of {@code source}. */
  public EvaluationResult evaluate(
      SampleSource source, ImageTransform transform, int numClasses, BatchClassifier classifier) {
    TopKAccuracy accuracy = new TopKAccuracy(numClasses);
    BatchPlan plan = BatchPlan.sequential(source.size(), batchSize, 0);
    try (PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(source, transform, plan, workers, 2 * workers)) {
      while (loader.hasNext()) {
        Batch batch = loader.next();
        accuracy.add(classifier.logits(batch), batch.labels());
      }
    }
    return accuracy.result();
  }
}
