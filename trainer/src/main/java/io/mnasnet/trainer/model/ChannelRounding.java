package io.mnasnet.trainer.model;

/**
 * torchvision's rule for scaling channel counts by a width multiplier: round to a multiple of 8,
 * preferring to round up, so that a scaled network never loses more than 10% of a layer's channels.
 */
public final class ChannelRounding {

  /** Channel counts are multiples of this (friendly to SIMD and GPU kernels). */
  public static final int DIVISOR = 8;

  /** Round down only if the result keeps at least this fraction of the exact value. */
  public static final double ROUND_UP_BIAS = 0.9;

  private ChannelRounding() {}

  /** {@code depth * width}, rounded as torchvision's {@code _get_depths} does. */
  public static int scale(int depth, double width) {
    return roundToMultipleOf(depth * width, DIVISOR, ROUND_UP_BIAS);
  }

  /**
   * Rounds {@code value} to the nearest multiple of {@code divisor} (at least {@code divisor}),
   * then adds one more {@code divisor} if that lost more than {@code 1 - roundUpBias} of the value:
   * (83, 8) gives 80 but (84, 8) gives 88.
   */
  public static int roundToMultipleOf(double value, int divisor, double roundUpBias) {
    if (!(roundUpBias > 0 && roundUpBias < 1)) {
      throw new IllegalArgumentException("roundUpBias must be in (0, 1), got " + roundUpBias);
    }
    // Python's int() truncates toward zero; value is positive here, so floor is the same.
    int nearest = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
    return nearest >= roundUpBias * value ? nearest : nearest + divisor;
  }
}
