package io.mnasnet.trainer.augment;

import java.util.SplittableRandom;

/**
 * Mirrors the image left-right with the given probability.
 *
 * @param probability chance of flipping, in [0, 1]
 */
public record RandomHorizontalFlip(double probability) implements ImageTransform {

  /** The usual coin flip. */
  public static final RandomHorizontalFlip HALF = new RandomHorizontalFlip(0.5);

  public RandomHorizontalFlip {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
    }
  }

  @Override
  public FloatImage apply(FloatImage image, SplittableRandom random) {
    // always draw, so the random stream does not depend on the outcome
    boolean flip = random.nextDouble() < probability;
    return flip ? PixelGeometry.flipHorizontally(image) : image;
  }
}
