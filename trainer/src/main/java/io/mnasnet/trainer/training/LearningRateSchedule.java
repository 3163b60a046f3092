package io.mnasnet.trainer.training;

/**
 * A learning rate as a function of the global optimisation step (0-based, one step per batch).
 *
 * <p>The trainer evaluates the schedule on the Java side before every step and feeds the value to
 * the graph through a scalar placeholder, so a schedule is plain arithmetic and has no TensorFlow
 * dependency. Implementations that think in epochs are constructed with the number of steps per
 * epoch; fractional epochs are {@code step / stepsPerEpoch}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * Returns the learning rate to use for the given step.
   *
   * @param step the 0-based global step; must not be negative
   */
  double at(long step);

  /** Fails with a message naming the step if it is negative. */
  static void requireValidStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
  }
}
