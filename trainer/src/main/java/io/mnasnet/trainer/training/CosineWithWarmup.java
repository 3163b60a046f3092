package io.mnasnet.trainer.training;

/**
 * Linear warmup from 0 to {@code peakLearningRate} over the first {@code warmupSteps} steps, then a
 * half-cosine from the peak down to {@code floorLearningRate} at {@code totalSteps}; the floor is
 * kept after that.
 *
 * <p>Warmup matters for MnasNet trained from scratch with a large batch: the first updates through
 * freshly initialised BatchNorm layers are large, and a full learning rate at step 0 can push the
 * network into a region it does not recover from.
 */
public final class CosineWithWarmup implements LearningRateSchedule {

  private final double peakLearningRate;
  private final double floorLearningRate;
  private final long warmupSteps;
  private final long totalSteps;

  /**
   * @param peakLearningRate learning rate at the end of warmup, > 0
   * @param floorLearningRate learning rate at and after {@code totalSteps}, in [0, peak]
   * @param warmupSteps length of the linear warmup, >= 0 (0 starts at the peak)
   * @param totalSteps step at which the cosine reaches the floor, > {@code warmupSteps}
   */
  public CosineWithWarmup(
      double peakLearningRate, double floorLearningRate, long warmupSteps, long totalSteps) {
    Schedules.requirePositive("peakLearningRate", peakLearningRate);
    Schedules.requireNonNegative("floorLearningRate", floorLearningRate);
    if (floorLearningRate > peakLearningRate) {
      throw new IllegalArgumentException(
          "floorLearningRate ("
              + floorLearningRate
              + ") must not exceed peakLearningRate ("
              + peakLearningRate
              + ")");
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
    if (totalSteps <= warmupSteps) {
      throw new IllegalArgumentException(
          "totalSteps (" + totalSteps + ") must be greater than warmupSteps (" + warmupSteps + ")");
    }
    this.peakLearningRate = peakLearningRate;
    this.floorLearningRate = floorLearningRate;
    this.warmupSteps = warmupSteps;
    this.totalSteps = totalSteps;
  }

  /** Convenience for epoch-denominated runs: warmup and length given in epochs. */
  public static CosineWithWarmup ofEpochs(
      double peakLearningRate,
      double floorLearningRate,
      double warmupEpochs,
      int epochs,
      long stepsPerEpoch) {
    Schedules.requireAtLeastOne("stepsPerEpoch", stepsPerEpoch);
    Schedules.requireAtLeastOne("epochs", epochs);
    Schedules.requireNonNegative("warmupEpochs", warmupEpochs);
    return new CosineWithWarmup(
        peakLearningRate,
        floorLearningRate,
        Math.round(warmupEpochs * stepsPerEpoch),
        epochs * stepsPerEpoch);
  }

  @Override
  public double at(long step) {
    LearningRateSchedule.requireValidStep(step);
    if (step < warmupSteps) {
      return Schedules.warmup(step, warmupSteps, peakLearningRate);
    }
    if (step >= totalSteps) {
      return floorLearningRate;
    }
    double progress = (step - warmupSteps) / (double) (totalSteps - warmupSteps);
    return floorLearningRate
        + (peakLearningRate - floorLearningRate) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  @Override
  public String toString() {
    return "CosineWithWarmup[peak="
        + peakLearningRate
        + ", floor="
        + floorLearningRate
        + ", warmupSteps="
        + warmupSteps
        + ", totalSteps="
        + totalSteps
        + "]";
  }
}
