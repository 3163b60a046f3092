package io.mnasnet.trainer.training;

/**
 * Accumulates top-1, top-5 and cross-entropy over batches of logits. A label counts as within the
 * top k when fewer than k classes score strictly higher, the tie rule of TensorFlow's {@code
 * InTopK}. Not thread-safe.
 */
public final class TopKAccuracy {

  private final int numClasses;
  private long images;
  private long top1;
  private long top5;
  private double lossSum;

  public TopKAccuracy(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    this.numClasses = numClasses;
  }

  /**
   * Adds a batch.
   *
   * @param logits {@code labels.length * numClasses} scores, row-major
   * @param labels the true classes
   */
  public void add(float[] logits, int[] labels) {
    if (logits.length != (long) labels.length * numClasses) {
      throw new IllegalArgumentException(
          "expected "
              + labels.length
              + " x "
              + numClasses
              + " logits, got "
              + logits.length
              + " values; does the model have "
              + numClasses
              + " classes?");
    }
    for (int i = 0; i < labels.length; i++) {
      int offset = i * numClasses;
      int label = labels[i];
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("label " + label + " is outside 0.." + (numClasses - 1));
      }
      float target = logits[offset + label];
      int higher = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < numClasses; c++) {
        float value = logits[offset + c];
        if (value > target) {
          higher++;
        }
        max = Math.max(max, value);
      }
      double sum = 0;
      for (int c = 0; c < numClasses; c++) {
        sum += Math.exp(logits[offset + c] - max);
      }
      lossSum += Math.log(sum) - (target - max);
      if (higher == 0) {
        top1++;
      }
      if (higher < 5) {
        top5++;
      }
      images++;
    }
  }

  /** The result so far. */
  public EvaluationResult result() {
    if (images == 0) {
      return new EvaluationResult(0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new EvaluationResult(
        images, top1 / (double) images, top5 / (double) images, lossSum / images);
  }
}
