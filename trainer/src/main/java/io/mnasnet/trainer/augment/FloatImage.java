package io.mnasnet.trainer.augment;

/**
 * An image as 32-bit floats in height-width-channel (HWC) order, the layout of one element of an
 * NHWC batch. Pixel {@code (y, x, c)} is at {@code (y * width + x) * channels + c}.
 *
 * <p>The pixel array is shared, not copied: transforms never modify their input, they return a new
 * image. Like every record holding an array, {@code equals} compares the array by identity.
 *
 * @param height rows, >= 1
 * @param width columns, >= 1
 * @param channels channels per pixel (1 grey, 3 RGB), >= 1
 * @param pixels {@code height * width * channels} values
 */
public record FloatImage(int height, int width, int channels, float[] pixels) {

  public FloatImage {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException(
          "image dimensions must be >= 1, got " + height + "x" + width + "x" + channels);
    }
    if (pixels.length != (long) height * width * channels) {
      throw new IllegalArgumentException(
          "pixels has "
              + pixels.length
              + " values, expected "
              + height
              + "*"
              + width
              + "*"
              + channels
              + " = "
              + (long) height * width * channels);
    }
  }

  /** A zero-filled image. */
  public static FloatImage blank(int height, int width, int channels) {
    return new FloatImage(height, width, channels, new float[height * width * channels]);
  }

  /**
   * Converts 8-bit pixels (HWC, unsigned) to floats in [0, 1], like torchvision's {@code ToTensor}.
   */
  public static FloatImage fromUnsignedBytes(byte[] hwc, int height, int width, int channels) {
    return fromUnsignedBytes(hwc, 0, height, width, channels);
  }

  /** As {@link #fromUnsignedBytes(byte[], int, int, int)}, reading from {@code offset}. */
  public static FloatImage fromUnsignedBytes(
      byte[] source, int offset, int height, int width, int channels) {
    float[] pixels = new float[height * width * channels];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (source[offset + i] & 0xff) / 255f;
    }
    return new FloatImage(height, width, channels, pixels);
  }

  /** Index of pixel {@code (y, x, c)} in {@link #pixels()}. */
  public int indexOf(int y, int x, int c) {
    return (y * width + x) * channels + c;
  }

  /** Value of pixel {@code (y, x, c)}. */
  public float get(int y, int x, int c) {
    return pixels[indexOf(y, x, c)];
  }

  /** {@code "HxWxC"}, for messages. */
  public String shape() {
    return height + "x" + width + "x" + channels;
  }
}
