package io.mnasnet.trainer.training;

/**
 * Exponential decay {@code baseLr * decayRate^(step / decaySteps)}, optionally staircase (integer
 * division, the learning rate changes every {@code decaySteps}), optionally preceded by a linear
 * warmup from 0.
 *
 * <p>{@link #mnasNetTpu} is the recipe of the reference MnasNet implementation (tensorflow/tpu,
 * {@code models/official/mnasnet}): x0.97 every 2.4 epochs, staircase, 5 warmup epochs, the base
 * rate scaled linearly with the batch size (0.016 per 256 images). As there, the decay counts from
 * step 0, not from the end of warmup, and during warmup the rate ramps towards the undecayed base
 * rate.
 */
public final class ExponentialDecay implements LearningRateSchedule {

  /** Decay factor of the TPU MnasNet recipe. */
  public static final double TPU_DECAY_RATE = 0.97;

  /** Epochs between two decays in the TPU MnasNet recipe. */
  public static final double TPU_DECAY_EPOCHS = 2.4;

  /** Warmup length of the TPU MnasNet recipe, in epochs. */
  public static final double TPU_WARMUP_EPOCHS = 5;

  /** Learning rate of the TPU MnasNet recipe for a batch of 256 images; scaled linearly. */
  public static final double TPU_BASE_LEARNING_RATE_PER_256 = 0.016;

  private final double baseLearningRate;
  private final double decayRate;
  private final long decaySteps;
  private final boolean staircase;
  private final long warmupSteps;

  /**
   * @param baseLearningRate learning rate at step 0 (after warmup, if any), > 0
   * @param decayRate factor applied every {@code decaySteps}, in (0, 1]
   * @param decaySteps steps per decay, >= 1
   * @param staircase {@code true} to decay in whole steps of {@code decaySteps}
   * @param warmupSteps length of a linear warmup from 0 to {@code baseLearningRate}, >= 0
   */
  public ExponentialDecay(
      double baseLearningRate,
      double decayRate,
      long decaySteps,
      boolean staircase,
      long warmupSteps) {
    Schedules.requirePositive("baseLearningRate", baseLearningRate);
    if (!(decayRate > 0 && decayRate <= 1)) {
      throw new IllegalArgumentException("decayRate must be in (0, 1], got " + decayRate);
    }
    Schedules.requireAtLeastOne("decaySteps", decaySteps);
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
    this.baseLearningRate = baseLearningRate;
    this.decayRate = decayRate;
    this.decaySteps = decaySteps;
    this.staircase = staircase;
    this.warmupSteps = warmupSteps;
  }

  /**
   * The TPU MnasNet schedule for the given batch size: base rate {@code 0.016 * batchSize / 256},
   * x0.97 every {@code int(2.4 * stepsPerEpoch)} steps (staircase), 5 warmup epochs.
   */
  public static ExponentialDecay mnasNetTpu(int batchSize, long stepsPerEpoch) {
    Schedules.requireAtLeastOne("batchSize", batchSize);
    Schedules.requireAtLeastOne("stepsPerEpoch", stepsPerEpoch);
    return new ExponentialDecay(
        TPU_BASE_LEARNING_RATE_PER_256 * batchSize / 256.0,
        TPU_DECAY_RATE,
        Math.max(1, (long) (TPU_DECAY_EPOCHS * stepsPerEpoch)),
        true,
        Math.round(TPU_WARMUP_EPOCHS * stepsPerEpoch));
  }

  @Override
  public double at(long step) {
    LearningRateSchedule.requireValidStep(step);
    if (step < warmupSteps) {
      return Schedules.warmup(step, warmupSteps, baseLearningRate);
    }
    double exponent = staircase ? (double) (step / decaySteps) : step / (double) decaySteps;
    return baseLearningRate * Math.pow(decayRate, exponent);
  }

  @Override
  public String toString() {
    return "ExponentialDecay[lr="
        + baseLearningRate
        + ", x"
        + decayRate
        + " every "
        + decaySteps
        + " steps"
        + (staircase ? " (staircase)" : "")
        + ", warmupSteps="
        + warmupSteps
        + "]";
  }
}
