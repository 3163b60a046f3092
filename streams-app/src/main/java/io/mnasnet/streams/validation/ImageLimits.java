package io.mnasnet.streams.validation;

/**
 * Limits enforced on every input record before any pixel is decoded.
 *
 * @param maxValueBytes largest record value accepted (checked before the value is parsed)
 * @param maxPixels largest width x height accepted (read from the image header, so a PNG that
 *     claims 100000x100000 pixels is refused without allocating them)
 */
public record ImageLimits(int maxValueBytes, long maxPixels) {
  public ImageLimits {
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be >= 1, got " + maxValueBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
    }
  }
}
