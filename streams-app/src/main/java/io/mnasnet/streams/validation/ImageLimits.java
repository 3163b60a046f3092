package io.mnasnet.streams.validation;

import io.mnasnet.inference.image.ImageSizeLimit;
import java.util.Objects;

/**
 * Limits enforced on every input record before any pixel is decoded.
 *
 * @param maxValueBytes largest record value accepted (checked before the value is parsed)
 * @param pixels the image size limit ({@code max.image.pixels}): checked on the header here, so a
 *     PNG that claims 100000x100000 pixels is refused without allocating them, and handed to the
 *     engine that loads the model, which applies the same limit wherever it decodes
 */
public record ImageLimits(int maxValueBytes, ImageSizeLimit pixels) {
  public ImageLimits {
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be >= 1, got " + maxValueBytes);
    }
    Objects.requireNonNull(pixels, "pixels");
  }

  /** Limits of {@code maxValueBytes} bytes and {@code maxPixels} pixels. */
  public ImageLimits(int maxValueBytes, long maxPixels) {
    this(maxValueBytes, new ImageSizeLimit(maxPixels));
  }

  /** Largest width x height accepted. */
  public long maxPixels() {
    return pixels.maxPixels();
  }
}
