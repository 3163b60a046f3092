package io.mnasnet.trainer.augment;

/**
 * Resamples 8-bit RGB pixels to a normalised {@code size x size} float image with PIL's bilinear
 * filter (a triangle whose support widens by the shrink factor, so shrinking averages instead of
 * skipping pixels; weights renormalised at the edges), the filter torchvision's PIL-based
 * transforms use. Separable: a horizontal pass into floats, then a vertical pass that also flips
 * and normalises while it writes, so each output value is touched once.
 *
 * <p>Sample positions follow TensorFlow's {@code ScaleAndTranslate}: output pixel {@code x} samples
 * input position {@code (x + 0.5 - translation) / scale} (pixel centres at {@code j + 0.5}), so a
 * {@link DecodeWindow} plans both. Unlike PIL, the intermediate rows stay in float (PIL rounds them
 * to 8 bits), a difference below half a level.
 *
 * <p>Measured on 500x375 photos cropped to 224x224: about a third of the time TensorFlow's {@code
 * ScaleAndTranslate} kernel took for the same resample (BENCHMARKS.md).
 */
public final class TriangleResampler {

  /**
   * Each thread's intermediate rows, reused: a fresh 0.5-1 MB array per image costs as much as a
   * pass.
   */
  private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

  private TriangleResampler() {}

  /**
   * Resamples {@code rgb} ({@code height x width x 3} bytes) into {@code out} at {@code offset}.
   *
   * @param flip mirror left-right
   * @param multiplier per channel, applied to the 0-255 value ({@code 1 / (255 std)})
   * @param addend per channel, added after ({@code -mean / std})
   */
  public static void resample(
      byte[] rgb,
      int height,
      int width,
      DecodeWindow plan,
      int size,
      boolean flip,
      float[] multiplier,
      float[] addend,
      float[] out,
      int offset) {
    if (rgb.length < height * width * 3) {
      throw new IllegalArgumentException(
          "expected " + height + "x" + width + "x3 bytes, got " + rgb.length);
    }
    Taps columns = Taps.of(width, size, plan.scaleX(), plan.translateX());
    Taps rows = Taps.of(height, size, plan.scaleY(), plan.translateY());
    if (height > size) {
      // shrinking rows: the vectorisable vertical pass first leaves the per-pixel horizontal pass
      // only `size` rows instead of `height`
      verticalFirst(rgb, width, rows, columns, size, flip, multiplier, addend, out, offset);
      return;
    }
    // horizontal pass, only over the input rows the vertical taps read
    int firstRow = rows.first[0];
    int lastRow = rows.first[size - 1] + rows.count[size - 1];
    int rowLength = size * 3;
    float[] wide = scratch((lastRow - firstRow) * rowLength);
    for (int y = firstRow; y < lastRow; y++) {
      int in = y * width * 3;
      int at = (y - firstRow) * rowLength;
      for (int x = 0; x < size; x++) {
        int tap = columns.first[x];
        int count = columns.count[x];
        int weightAt = x * columns.stride;
        float r = 0;
        float g = 0;
        float b = 0;
        int source = in + tap * 3;
        for (int k = 0; k < count; k++) {
          float weight = columns.weights[weightAt + k];
          r += weight * (rgb[source] & 0xff);
          g += weight * (rgb[source + 1] & 0xff);
          b += weight * (rgb[source + 2] & 0xff);
          source += 3;
        }
        wide[at] = r;
        wide[at + 1] = g;
        wide[at + 2] = b;
        at += 3;
      }
    }
    float m0 = multiplier[0];
    float m1 = multiplier[1];
    float m2 = multiplier[2];
    float a0 = addend[0];
    float a1 = addend[1];
    float a2 = addend[2];
    float[] sums = new float[rowLength];
    for (int y = 0; y < size; y++) {
      java.util.Arrays.fill(sums, 0f);
      int tap = rows.first[y] - firstRow;
      int weightAt = y * rows.stride;
      for (int k = 0; k < rows.count[y]; k++) {
        float weight = rows.weights[weightAt + k];
        int row = (tap + k) * rowLength;
        for (int i = 0; i < rowLength; i++) {
          sums[i] += weight * wide[row + i];
        }
      }
      int target = offset + y * rowLength;
      if (flip) {
        for (int x = 0; x < size; x++) {
          int from = (size - 1 - x) * 3;
          out[target++] = sums[from] * m0 + a0;
          out[target++] = sums[from + 1] * m1 + a1;
          out[target++] = sums[from + 2] * m2 + a2;
        }
      } else {
        for (int i = 0; i < rowLength; i += 3) {
          out[target++] = sums[i] * m0 + a0;
          out[target++] = sums[i + 1] * m1 + a1;
          out[target++] = sums[i + 2] * m2 + a2;
        }
      }
    }
  }

  private static void verticalFirst(
      byte[] rgb,
      int width,
      Taps rows,
      Taps columns,
      int size,
      boolean flip,
      float[] multiplier,
      float[] addend,
      float[] out,
      int offset) {
    int inRow = width * 3;
    float[] tall = scratch(size * inRow);
    for (int y = 0; y < size; y++) {
      int at = y * inRow;
      java.util.Arrays.fill(tall, at, at + inRow, 0f);
      int weightAt = y * rows.stride;
      for (int k = 0; k < rows.count[y]; k++) {
        float weight = rows.weights[weightAt + k];
        int source = (rows.first[y] + k) * inRow;
        for (int i = 0; i < inRow; i++) {
          tall[at + i] += weight * (rgb[source + i] & 0xff);
        }
      }
    }
    float m0 = multiplier[0];
    float m1 = multiplier[1];
    float m2 = multiplier[2];
    float a0 = addend[0];
    float a1 = addend[1];
    float a2 = addend[2];
    for (int y = 0; y < size; y++) {
      int in = y * inRow;
      int rowStart = offset + y * size * 3;
      for (int x = 0; x < size; x++) {
        int tap = columns.first[x];
        int count = columns.count[x];
        int weightAt = x * columns.stride;
        float r = 0;
        float g = 0;
        float b = 0;
        int source = in + tap * 3;
        for (int k = 0; k < count; k++) {
          float weight = columns.weights[weightAt + k];
          r += weight * tall[source];
          g += weight * tall[source + 1];
          b += weight * tall[source + 2];
          source += 3;
        }
        int target = rowStart + (flip ? size - 1 - x : x) * 3;
        out[target] = r * m0 + a0;
        out[target + 1] = g * m1 + a1;
        out[target + 2] = b * m2 + a2;
      }
    }
  }

  private static float[] scratch(int length) {
    float[] buffer = SCRATCH.get();
    if (buffer.length < length) {
      buffer = new float[length];
      SCRATCH.set(buffer);
    }
    return buffer;
  }

  /** For each output index: the first input index, how many taps, and their weights. */
  private record Taps(int[] first, int[] count, float[] weights, int stride) {

    static Taps of(int inputSize, int outputSize, float scale, float translation) {
      double inverse = 1.0 / scale;
      // the triangle's radius in input pixels: 1, widened by the shrink factor
      double support = Math.max(1.0, inverse);
      int stride = (int) Math.ceil(support) * 2 + 1;
      int[] first = new int[outputSize];
      int[] count = new int[outputSize];
      float[] weights = new float[outputSize * stride];
      double[] raw = new double[stride];
      for (int x = 0; x < outputSize; x++) {
        double centre = (x + 0.5 - translation) * inverse;
        int from = Math.max(0, (int) Math.floor(centre - support));
        int to = Math.min(inputSize, (int) Math.ceil(centre + support));
        double total = 0;
        int n = 0;
        for (int j = from; j < to && n < stride; j++) {
          double distance = Math.abs((j + 0.5 - centre) / support);
          double weight = distance < 1 ? 1 - distance : 0;
          raw[n++] = weight;
          total += weight;
        }
        // skip zero weights at both ends
        int start = 0;
        while (start < n && raw[start] == 0) {
          start++;
        }
        int end = n;
        while (end > start && raw[end - 1] == 0) {
          end--;
        }
        if (end == start) {
          // a sample between pixels outside the input (only at degenerate edges): nearest pixel
          first[x] = Math.min(inputSize - 1, Math.max(0, (int) Math.floor(centre)));
          count[x] = 1;
          weights[x * stride] = 1f;
          continue;
        }
        first[x] = from + start;
        count[x] = end - start;
        for (int k = start; k < end; k++) {
          weights[x * stride + k - start] = (float) (raw[k] / total);
        }
      }
      return new Taps(first, count, weights, stride);
    }
  }
}
