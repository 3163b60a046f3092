package io.mnasnet.trainer.augment;

import java.util.SplittableRandom;

/**
 * One step of an augmentation or preprocessing pipeline. A transform draws all its randomness from
 * the generator it is given, so a pipeline is deterministic given the generator's seed; it never
 * modifies its input image.
 */
@FunctionalInterface
public interface ImageTransform {

  /**
   * Returns the transformed image.
   *
   * @param image input, left unchanged
   * @param random source of randomness; deterministic transforms ignore it
   */
  FloatImage apply(FloatImage image, SplittableRandom random);

  /** This transform followed by {@code next}, sharing the same generator. */
  default ImageTransform andThen(ImageTransform next) {
    return (image, random) -> next.apply(apply(image, random), random);
  }

  /** Chains transforms left to right. */
  static ImageTransform chain(ImageTransform... steps) {
    ImageTransform chained = (image, random) -> image;
    for (ImageTransform step : steps) {
      chained = chained.andThen(step);
    }
    return chained;
  }
}
