package io.mnasnet.inference.image;

/**
 * 8-bit pixels of an image: greyscale (1 channel) or RGB (3 channels, interleaved {@code R G B}),
 * row-major. Immutable: the accessor copies.
 */
public final class DecodedImage {
  private final int width;
  private final int height;
  private final int channels;
  private final byte[] pixels;

  private DecodedImage(int width, int height, int channels, byte[] pixels) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
    }
    if ((long) width * height * channels != pixels.length) {
      throw new IllegalArgumentException(
          "%dx%dx%d image needs %d bytes, got %d"
              .formatted(width, height, channels, (long) width * height * channels, pixels.length));
    }
    this.width = width;
    this.height = height;
    this.channels = channels;
    this.pixels = pixels;
  }

  /** A greyscale image; {@code pixels} ({@code width * height} bytes) is copied. */
  public static DecodedImage grey(int width, int height, byte[] pixels) {
    return new DecodedImage(width, height, 1, pixels.clone());
  }

  /** An RGB image; {@code pixels} ({@code width * height * 3} bytes, R G B) is copied. */
  public static DecodedImage rgb(int width, int height, byte[] pixels) {
    return new DecodedImage(width, height, 3, pixels.clone());
  }

  static DecodedImage owning(int width, int height, int channels, byte[] pixels) {
    return new DecodedImage(width, height, channels, pixels);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** 1 for greyscale, 3 for RGB. */
  public int channels() {
    return channels;
  }

  public boolean isGrey() {
    return channels == 1;
  }

  /** A copy of the pixels, row-major, channels interleaved. */
  public byte[] pixels() {
    return pixels.clone();
  }

  /** Channel {@code channel} of pixel {@code (x, y)}, 0..255. */
  public int sample(int x, int y, int channel) {
    return pixels[(y * width + x) * channels + channel] & 0xff;
  }

  /**
   * This image in greyscale: itself if grey, else the ITU-R BT.601 luma {@code 0.299 R + 0.587 G +
   * 0.114 B}, rounded (the conversion PIL's {@code convert("L")} uses).
   */
  public DecodedImage toGrey() {
    if (isGrey()) {
      return this;
    }
    byte[] grey = new byte[width * height];
    for (int i = 0; i < grey.length; i++) {
      int r = pixels[3 * i] & 0xff;
      int g = pixels[3 * i + 1] & 0xff;
      int b = pixels[3 * i + 2] & 0xff;
      // integer arithmetic in units of 1/1000, rounded half up
      grey[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
    }
    return new DecodedImage(width, height, 1, grey);
  }

  @Override
  public String toString() {
    return "DecodedImage[%dx%d, %s]".formatted(width, height, isGrey() ? "grey" : "RGB");
  }
}
