package io.mnasnet.trainer.augment;

import java.util.SplittableRandom;

/**
 * The Inception-style augmentation used to train MnasNet on ImageNet: a random window covering
 * {@code scale} of the image area with aspect ratio in {@code ratio} (log-uniform), resized to
 * {@code size x size}. Same sampling as torchvision's {@code RandomResizedCrop} (its {@code
 * get_params}): ten attempts, then a center crop clamped to the ratio range; sides rounded half to
 * even as Python's {@code round}. {@code RandomResizedCropDistributionTest} compares the boxes with
 * torchvision's.
 *
 * @param size side of the output, >= 1
 * @param minScale smallest area fraction, in (0, maxScale]
 * @param maxScale largest area fraction, in [minScale, 1]
 * @param minRatio smallest width/height ratio, > 0
 * @param maxRatio largest width/height ratio, >= minRatio
 */
public record RandomResizedCrop(
    int size, double minScale, double maxScale, double minRatio, double maxRatio)
    implements ImageTransform {

  /** Default area range. */
  public static final double DEFAULT_MIN_SCALE = 0.08;

  /** Default aspect-ratio range, 3/4 to 4/3. */
  public static final double DEFAULT_MIN_RATIO = 3.0 / 4;

  /** Default aspect-ratio range, 3/4 to 4/3. */
  public static final double DEFAULT_MAX_RATIO = 4.0 / 3;

  private static final int ATTEMPTS = 10;

  /** A window of an image: top-left corner and size, in pixels. */
  public record Box(int top, int left, int height, int width) {}

  public RandomResizedCrop {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
      throw new IllegalArgumentException(
          "scale range must satisfy 0 < min <= max <= 1, got " + minScale + ".." + maxScale);
    }
    if (!(minRatio > 0 && minRatio <= maxRatio)) {
      throw new IllegalArgumentException(
          "ratio range must satisfy 0 < min <= max, got " + minRatio + ".." + maxRatio);
    }
  }

  /** Scale 0.08-1, ratio 3/4-4/3. */
  public static RandomResizedCrop withDefaults(int size) {
    return new RandomResizedCrop(
        size, DEFAULT_MIN_SCALE, 1.0, DEFAULT_MIN_RATIO, DEFAULT_MAX_RATIO);
  }

  @Override
  public FloatImage apply(FloatImage image, SplittableRandom random) {
    Box box = sampleBox(image.height(), image.width(), random);
    FloatImage window = PixelGeometry.crop(image, box.top(), box.left(), box.height(), box.width());
    return BilinearResize.resize(window, size, size);
  }

  /** Draws the window for an image of the given size; always inside the image. */
  public Box sampleBox(int height, int width, SplittableRandom random) {
    double area = (double) height * width;
    double logMinRatio = Math.log(minRatio);
    double logMaxRatio = Math.log(maxRatio);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double targetArea = area * uniform(random, minScale, maxScale);
      double ratio = Math.exp(uniform(random, logMinRatio, logMaxRatio));
      // Python's round(): half to even
      int w = (int) Math.rint(Math.sqrt(targetArea * ratio));
      int h = (int) Math.rint(Math.sqrt(targetArea / ratio));
      if (w > 0 && h > 0 && w <= width && h <= height) {
        int top = random.nextInt(height - h + 1);
        int left = random.nextInt(width - w + 1);
        return new Box(top, left, h, w);
      }
    }
    // fallback: the whole image, trimmed to the allowed aspect ratios, centred
    double imageRatio = width / (double) height;
    int w = width;
    int h = height;
    if (imageRatio < minRatio) {
      h = Math.max(1, Math.min(height, (int) Math.rint(width / minRatio)));
    } else if (imageRatio > maxRatio) {
      w = Math.max(1, Math.min(width, (int) Math.rint(height * maxRatio)));
    }
    return new Box((height - h) / 2, (width - w) / 2, h, w);
  }

  private static double uniform(SplittableRandom random, double low, double high) {
    return low == high ? low : random.nextDouble(low, high);
  }
}
