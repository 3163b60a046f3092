package io.mnasnet.trainer.training;

/**
 * The one-cycle policy (Smith and Topin, 2018) with cosine annealing: the rate rises from {@code
 * maxLr / divFactor} to {@code maxLr} over the first {@code pctStart} of the run, then falls to
 * {@code maxLr / divFactor / finalDivFactor} at the last step. Same phase boundaries and defaults
 * as PyTorch's {@code OneCycleLR} (two phases), so recipes transfer.
 */
public final class OneCycle implements LearningRateSchedule {

  /** Default fraction of the run spent increasing the rate. */
  public static final double DEFAULT_PCT_START = 0.3;

  /** Default ratio of the peak rate to the starting rate. */
  public static final double DEFAULT_DIV_FACTOR = 25;

  /** Default ratio of the starting rate to the final rate. */
  public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;

  private final double maxLearningRate;
  private final double initialLearningRate;
  private final double finalLearningRate;
  private final long totalSteps;
  private final double peakStep;

  /** One-cycle with PyTorch's default shape (30% rise, /25 start, /1e4 end). */
  public OneCycle(double maxLearningRate, long totalSteps) {
    this(
        maxLearningRate,
        totalSteps,
        DEFAULT_PCT_START,
        DEFAULT_DIV_FACTOR,
        DEFAULT_FINAL_DIV_FACTOR);
  }

  /**
   * @param maxLearningRate peak learning rate, > 0
   * @param totalSteps length of the run in steps, >= 2
   * @param pctStart fraction of the run spent rising, in (0, 1)
   * @param divFactor {@code maxLr / initialLr}, >= 1
   * @param finalDivFactor {@code initialLr / finalLr}, >= 1
   */
  public OneCycle(
      double maxLearningRate,
      long totalSteps,
      double pctStart,
      double divFactor,
      double finalDivFactor) {
    Schedules.requirePositive("maxLearningRate", maxLearningRate);
    if (totalSteps < 2) {
      throw new IllegalArgumentException("totalSteps must be >= 2, got " + totalSteps);
    }
    if (!(pctStart > 0 && pctStart < 1)) {
      throw new IllegalArgumentException("pctStart must be in (0, 1), got " + pctStart);
    }
    if (!(divFactor >= 1) || !(finalDivFactor >= 1)) {
      throw new IllegalArgumentException(
          "divFactor and finalDivFactor must be >= 1, got " + divFactor + ", " + finalDivFactor);
    }
    this.maxLearningRate = maxLearningRate;
    this.initialLearningRate = maxLearningRate / divFactor;
    this.finalLearningRate = initialLearningRate / finalDivFactor;
    this.totalSteps = totalSteps;
    // PyTorch puts the peak at step pctStart * total - 1 and the end at step total - 1.
    this.peakStep = Math.max(1, pctStart * totalSteps - 1);
  }

  @Override
  public double at(long step) {
    LearningRateSchedule.requireValidStep(step);
    double lastStep = totalSteps - 1;
    if (step >= lastStep) {
      return finalLearningRate;
    }
    if (step <= peakStep) {
      return cosineBetween(initialLearningRate, maxLearningRate, step / peakStep);
    }
    return cosineBetween(
        maxLearningRate, finalLearningRate, (step - peakStep) / (lastStep - peakStep));
  }

  private static double cosineBetween(double from, double to, double fraction) {
    return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * fraction));
  }

  @Override
  public String toString() {
    return "OneCycle[max="
        + maxLearningRate
        + ", initial="
        + initialLearningRate
        + ", final="
        + finalLearningRate
        + ", totalSteps="
        + totalSteps
        + "]";
  }
}
