package io.mnasnet.trainer.training;

/**
 * Piecewise-constant decay: {@code baseLr * gamma^(epoch / epochsPerDecay)} with integer division,
 * i.e. the learning rate is multiplied by {@code gamma} every {@code epochsPerDecay} whole epochs.
 *
 * <p>The project that inspired this trainer meant {@code lr * 0.5 ** (epoch // 20)} (halve every 20
 * epochs), which is {@code new StepDecay(lr, 0.5, 20, stepsPerEpoch)}. Its code actually reads
 * {@code lr * (0.5 ** epoch // 20)}: Python evaluates {@code 0.5 ** epoch} first and then
 * floor-divides by 20, which is 0 for every epoch (0.05 // 20 == 0.0), so that schedule trains with
 * a learning rate of zero. This class implements the intent, not the bug.
 */
public final class StepDecay implements LearningRateSchedule {

  private final double baseLearningRate;
  private final double gamma;
  private final int epochsPerDecay;
  private final long stepsPerEpoch;

  /**
   * @param baseLearningRate learning rate during the first {@code epochsPerDecay} epochs, > 0
   * @param gamma multiplicative factor applied at every decay, in (0, 1]
   * @param epochsPerDecay number of whole epochs between decays, >= 1
   * @param stepsPerEpoch number of optimisation steps (batches) in one epoch, >= 1
   */
  public StepDecay(double baseLearningRate, double gamma, int epochsPerDecay, long stepsPerEpoch) {
    Schedules.requirePositive("baseLearningRate", baseLearningRate);
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
    }
    Schedules.requireAtLeastOne("epochsPerDecay", epochsPerDecay);
    Schedules.requireAtLeastOne("stepsPerEpoch", stepsPerEpoch);
    this.baseLearningRate = baseLearningRate;
    this.gamma = gamma;
    this.epochsPerDecay = epochsPerDecay;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  @Override
  public double at(long step) {
    LearningRateSchedule.requireValidStep(step);
    long epoch = step / stepsPerEpoch;
    return baseLearningRate * Math.pow(gamma, epoch / epochsPerDecay);
  }

  @Override
  public String toString() {
    return "StepDecay[lr="
        + baseLearningRate
        + ", gamma="
        + gamma
        + " every "
        + epochsPerDecay
        + " epochs, stepsPerEpoch="
        + stepsPerEpoch
        + "]";
  }
}
