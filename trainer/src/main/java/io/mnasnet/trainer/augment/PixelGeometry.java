package io.mnasnet.trainer.augment;

/**
 * Deterministic geometric operations on {@link FloatImage}s: crop (with constant fill outside the
 * image, which is padding), pad, horizontal flip, center crop. Each returns a new image.
 */
public final class PixelGeometry {

  private PixelGeometry() {}

  /**
   * The {@code height x width} window whose top-left corner is at {@code (top, left)}; the window
   * may extend past the image (negative or too large offsets), where it is filled with {@code
   * fill[c]} for channel {@code c}. This is "pad then crop" without building the padded image.
   */
  public static FloatImage crop(
      FloatImage image, int top, int left, int height, int width, float[] fill) {
    int channels = image.channels();
    requireFill(fill, channels);
    float[] out = new float[height * width * channels];
    float[] in = image.pixels();
    for (int y = 0; y < height; y++) {
      int sourceY = top + y;
      boolean rowInside = sourceY >= 0 && sourceY < image.height();
      for (int x = 0; x < width; x++) {
        int sourceX = left + x;
        int target = (y * width + x) * channels;
        if (rowInside && sourceX >= 0 && sourceX < image.width()) {
          System.arraycopy(in, image.indexOf(sourceY, sourceX, 0), out, target, channels);
        } else {
          System.arraycopy(fill, 0, out, target, channels);
        }
      }
    }
    return new FloatImage(height, width, channels, out);
  }

  /** The window at {@code (top, left)}, which must lie inside the image. */
  public static FloatImage crop(FloatImage image, int top, int left, int height, int width) {
    if (top < 0 || left < 0 || top + height > image.height() || left + width > image.width()) {
      throw new IllegalArgumentException(
          "crop "
              + height
              + "x"
              + width
              + " at ("
              + top
              + ", "
              + left
              + ") is outside the "
              + image.shape()
              + " image");
    }
    return crop(image, top, left, height, width, new float[image.channels()]);
  }

  /** Pads every side by {@code padding} pixels filled with {@code fill[c]}. */
  public static FloatImage pad(FloatImage image, int padding, float[] fill) {
    if (padding < 0) {
      throw new IllegalArgumentException("padding must be >= 0, got " + padding);
    }
    return crop(
        image, -padding, -padding, image.height() + 2 * padding, image.width() + 2 * padding, fill);
  }

  /**
   * The central {@code height x width} window. An odd margin cannot be split evenly; the offset is
   * then rounded half to even, as torchvision's {@code int(round((h - th) / 2.0))} does in Python 3
   * (a margin of 1 starts at 0, a margin of 3 at 2), so crops match pixel for pixel.
   */
  public static FloatImage centerCrop(FloatImage image, int height, int width) {
    if (height > image.height() || width > image.width()) {
      throw new IllegalArgumentException(
          "center crop "
              + height
              + "x"
              + width
              + " is larger than the "
              + image.shape()
              + " image; resize first");
    }
    int top = (int) Math.rint((image.height() - height) / 2.0);
    int left = (int) Math.rint((image.width() - width) / 2.0);
    return crop(image, top, left, height, width);
  }

  /** Mirrors the image left-right. */
  public static FloatImage flipHorizontally(FloatImage image) {
    int channels = image.channels();
    float[] in = image.pixels();
    float[] out = new float[in.length];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        System.arraycopy(
            in, image.indexOf(y, x, 0), out, image.indexOf(y, image.width() - 1 - x, 0), channels);
      }
    }
    return new FloatImage(image.height(), image.width(), channels, out);
  }

  private static void requireFill(float[] fill, int channels) {
    if (fill.length != channels) {
      throw new IllegalArgumentException(
          "fill has " + fill.length + " values but the image has " + channels + " channels");
    }
  }
}
