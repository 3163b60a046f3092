package io.mnasnet.trainer.augment;

/**
 * How to produce a {@code size x size} image from a {@link SourceRegion} of a JPEG while decoding
 * as little as possible: decode at {@code 1 / ratio} of the image's size in the DCT domain (libjpeg
 * computes a smaller inverse DCT per block; 1, 2, 4 or 8), only the window {@code [top, top +
 * height) x [left, left + width)} of that reduced image, then resample the window with {@code
 * scale} and {@code translation} (TensorFlow's {@code ScaleAndTranslate} convention: output pixel
 * {@code x} samples input position {@code (x + 0.5 - translation) / scale}, pixel centres at {@code
 * j + 0.5}).
 *
 * <p>The ratio is the largest whose reduced region is still at least {@code size} on both sides, so
 * the resampling never enlarges what a full decode would have shrunk. One reduced pixel stands for
 * {@code ratio x ratio} original pixels, so original coordinate {@code u} is reduced coordinate
 * {@code u / ratio}.
 *
 * @param ratio DCT scale denominator: 1, 2, 4 or 8
 * @param top first decoded row of the window, in the reduced image
 * @param left first decoded column
 * @param height decoded rows
 * @param width decoded columns
 * @param scaleY output rows per window row
 * @param scaleX output columns per window column
 * @param translateY row translation, output pixels
 * @param translateX column translation, output pixels
 */
public record DecodeWindow(
    int ratio,
    int top,
    int left,
    int height,
    int width,
    float scaleY,
    float scaleX,
    float translateY,
    float translateX) {

  /** The DCT-domain scales libjpeg decodes at. */
  public static final int MAX_RATIO = 8;

  /**
   * Plans the decode of {@code region} of an {@code imageHeight x imageWidth} image into a {@code
   * size x size} output.
   *
   * @param maxRatio the largest ratio allowed (1 = always decode at full size)
   */
  public static DecodeWindow plan(
      int imageHeight, int imageWidth, SourceRegion region, int size, int maxRatio) {
    if (size < 1) {
      throw new IllegalArgumentException("output size must be >= 1, got " + size);
    }
    if (Integer.bitCount(maxRatio) != 1 || maxRatio > MAX_RATIO) {
      throw new IllegalArgumentException("maxRatio must be 1, 2, 4 or 8, got " + maxRatio);
    }
    if (region.top() + region.height() > imageHeight + 1e-9
        || region.left() + region.width() > imageWidth + 1e-9) {
      throw new IllegalArgumentException(
          "region " + region + " lies outside the " + imageHeight + "x" + imageWidth + " image");
    }
    int ratio = 1;
    double shorter = Math.min(region.height(), region.width());
    while (ratio < maxRatio && shorter / (2 * ratio) >= size) {
      ratio *= 2;
    }
    // libjpeg's reduced size: ceil(side / ratio)
    int reducedHeight = (imageHeight + ratio - 1) / ratio;
    int reducedWidth = (imageWidth + ratio - 1) / ratio;
    Axis rows = Axis.of(region.top(), region.height(), ratio, reducedHeight, size, region);
    Axis columns = Axis.of(region.left(), region.width(), ratio, reducedWidth, size, region);
    return new DecodeWindow(
        ratio,
        rows.first,
        columns.first,
        rows.count,
        columns.count,
        rows.scale,
        columns.scale,
        rows.translation,
        columns.translation);
  }

  /** One axis of the plan: decoded range and resampling parameters. */
  private record Axis(int first, int count, float scale, float translation) {

    static Axis of(
        double start, double length, int ratio, int reducedSide, int size, SourceRegion region) {
      double reducedStart = start / ratio;
      double reducedLength = length / ratio;
      double end = reducedStart + reducedLength;
      double from = reducedStart;
      if (region.readsAround()) {
        // the antialiasing triangle reaches max(1, input/output) input pixels from a sample
        double support = Math.max(1, reducedLength / size);
        from -= support;
        end += support;
      }
      // tiny tolerance: an integer edge computed in floating point must not pull in a whole row
      int first = Math.max(0, (int) Math.floor(from + 1e-9));
      int last = Math.min(reducedSide, (int) Math.ceil(end - 1e-9));
      double scale = size / reducedLength;
      return new Axis(
          first,
          Math.max(1, last - first),
          (float) scale,
          (float) ((first - reducedStart) * scale));
    }
  }
}
