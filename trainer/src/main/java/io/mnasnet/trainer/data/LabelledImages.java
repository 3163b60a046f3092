package io.mnasnet.trainer.data;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A set of 8-bit greyscale images of one size with an integer class label each, e.g. a split of
 * Fashion-MNIST. Pixels are stored image after image, row-major (0 = black, 255 = white).
 * Immutable: accessors copy or return read-only views.
 */
public final class LabelledImages {
  private final int rows;
  private final int cols;
  private final byte[] pixels;
  private final int[] labels;

  /**
   * Images of {@code rows x cols} pixels with their labels.
   *
   * @param pixels {@code labels.length * rows * cols} bytes, image after image; copied
   * @param labels one per image; copied
   */
  public static LabelledImages of(int rows, int cols, byte[] pixels, int[] labels) {
    return new LabelledImages(rows, cols, pixels.clone(), labels.clone());
  }

  /** Takes ownership of the arrays, for readers in this package. */
  static LabelledImages owning(int rows, int cols, byte[] pixels, int[] labels) {
    return new LabelledImages(rows, cols, pixels, labels);
  }

  private LabelledImages(int rows, int cols, byte[] pixels, int[] labels) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + rows + "x" + cols);
    }
    if ((long) labels.length * rows * cols != pixels.length) {
      throw new IllegalArgumentException(
          "%d labels of %dx%d images need %d pixels, got %d"
              .formatted(
                  labels.length, rows, cols, (long) labels.length * rows * cols, pixels.length));
    }
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
    this.labels = labels;
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Bytes per image: {@code rows * cols}. */
  public int imageBytes() {
    return rows * cols;
  }

  /** The label of image {@code index}. */
  public int label(int index) {
    return labels[index];
  }

  /** All labels, a copy. */
  public int[] labels() {
    return labels.clone();
  }

  /** A copy of image {@code index}, row-major. */
  public byte[] image(int index) {
    int start = Math.multiplyExact(index, imageBytes());
    return Arrays.copyOfRange(pixels, start, Math.addExact(start, imageBytes()));
  }

  /** Copies image {@code index} into {@code target} at {@code offset}, without allocating. */
  public void copyImage(int index, byte[] target, int offset) {
    System.arraycopy(pixels, index * imageBytes(), target, offset, imageBytes());
  }

  /** Pixel {@code (row, col)} of image {@code index}, 0..255. */
  public int pixel(int index, int row, int col) {
    return pixels[index * imageBytes() + row * cols + col] & 0xff;
  }

  /** All pixels as a read-only view, image after image, row-major. */
  public ByteBuffer pixels() {
    return ByteBuffer.wrap(pixels).asReadOnlyBuffer();
  }

  /** The first {@code count} images (all if there are fewer). */
  public LabelledImages first(int count) {
    int n = Math.min(count, size());
    return new LabelledImages(
        rows, cols, Arrays.copyOf(pixels, n * imageBytes()), Arrays.copyOf(labels, n));
  }

  @Override
  public String toString() {
    return "LabelledImages[%d images %dx%d]".formatted(size(), rows, cols);
  }
}
