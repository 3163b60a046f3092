package io.mnasnet.trainer.training;

/** Argument checks shared by the schedules, with messages that name the offending parameter. */
final class Schedules {

  private Schedules() {}

  static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
    }
  }

  static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
    }
  }

  static void requireAtLeastOne(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }

  /** Linear ramp from 0 (step 0) to {@code target} (step {@code warmupSteps}). */
  static double warmup(long step, long warmupSteps, double target) {
    return target * step / (double) warmupSteps;
  }
}
