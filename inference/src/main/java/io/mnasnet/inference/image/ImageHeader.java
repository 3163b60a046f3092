package io.mnasnet.inference.image;

/**
 * What an encoded image says about itself before any pixel is decoded: its type, its size, and how
 * many passes a decoder makes over the pixels. Read by {@link ImageHeaderReader}, judged by {@link
 * ImageSizeLimit}.
 *
 * @param contentType {@code image/png} or {@code image/jpeg}
 * @param width width in pixels, as the header claims
 * @param height height in pixels, as the header claims
 * @param scans a JPEG's scans: 1 for a baseline JPEG, several for a progressive one, each a pass of
 *     the decoder over the whole image; 1 for a PNG (its interlacing passes split the pixels, they
 *     do not repeat them)
 */
public record ImageHeader(String contentType, int width, int height, int scans) {

  public ImageHeader {
    if (width < 0 || height < 0 || scans < 0) {
      throw new IllegalArgumentException(
          "width, height and scans cannot be negative: " + width + "x" + height + ", " + scans);
    }
  }

  /** A header of one scan (a PNG, a baseline JPEG). */
  public ImageHeader(String contentType, int width, int height) {
    this(contentType, width, height, 1);
  }

  /** Width x height, without overflow. */
  public long pixels() {
    return (long) width * height;
  }
}
