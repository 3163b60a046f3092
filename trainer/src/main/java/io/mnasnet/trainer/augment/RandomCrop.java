package io.mnasnet.trainer.augment;

import java.util.SplittableRandom;

/**
 * Pads the image by {@code padding} pixels of {@code fill} on every side and takes a random {@code
 * size x size} window of the result: the classic small-image augmentation (translation by up to
 * {@code padding} pixels).
 *
 * @param size side of the output, >= 1
 * @param padding padding on each side, >= 0
 * @param fill per-channel fill of the padding (use {@link Normalization#normalizedBlack()} after
 *     normalising)
 */
public record RandomCrop(int size, int padding, float[] fill) implements ImageTransform {

  public RandomCrop {
    if (size < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "size must be >= 1 and padding >= 0, got " + size + ", " + padding);
    }
    fill = fill.clone();
  }

  @Override
  public FloatImage apply(FloatImage image, SplittableRandom random) {
    int paddedHeight = image.height() + 2 * padding;
    int paddedWidth = image.width() + 2 * padding;
    if (size > paddedHeight || size > paddedWidth) {
      throw new IllegalArgumentException(
          "crop " + size + " does not fit a " + image.shape() + " image padded by " + padding);
    }
    int top = random.nextInt(paddedHeight - size + 1) - padding;
    int left = random.nextInt(paddedWidth - size + 1) - padding;
    return PixelGeometry.crop(image, top, left, size, size, fill);
  }
}
