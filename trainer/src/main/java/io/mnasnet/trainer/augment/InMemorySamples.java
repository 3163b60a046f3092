package io.mnasnet.trainer.augment;

/**
 * A {@link SampleSource} over 8-bit images held in one array, e.g. the Fashion-MNIST IDX contents:
 * {@code count} images of {@code height x width x channels} bytes back to back, and one label each.
 * The arrays are used in place, not copied, and must not change while loading.
 */
public final class InMemorySamples implements SampleSource {

  private final byte[] pixels;
  private final int[] labels;
  private final int height;
  private final int width;
  private final int channels;

  /**
   * @param pixels {@code labels.length * height * width * channels} unsigned bytes, HWC per image
   * @param labels one class index per image
   */
  public InMemorySamples(byte[] pixels, int[] labels, int height, int width, int channels) {
    long expected = (long) labels.length * height * width * channels;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels has "
              + pixels.length
              + " bytes, expected "
              + labels.length
              + " images of "
              + height
              + "x"
              + width
              + "x"
              + channels
              + " = "
              + expected);
    }
    this.pixels = pixels;
    this.labels = labels;
    this.height = height;
    this.width = width;
    this.channels = channels;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public LabelledImage load(int index) {
    int imageBytes = height * width * channels;
    return new LabelledImage(
        FloatImage.fromUnsignedBytes(pixels, index * imageBytes, height, width, channels),
        labels[index]);
  }
}
