package io.mnasnet.inference.numeric;

/**
 * How far two float32 evaluations of the same network may disagree, derived from float32's own
 * rounding error instead of from what one machine happens to produce.
 *
 * <p>The error model. Two correct float32 implementations of one network (TensorFlow on an AVX2 or
 * an AVX-512 CPU, PyTorch, ONNX Runtime, a graph with batch norm folded into the convolutions)
 * differ only in the order they add things up and in where they round. Each weight layer on the
 * network's longest path (a convolution or the dense classifier, with the batch norm and activation
 * after it) accumulates its products in an order set by its kernel's SIMD width, then rounds: it
 * adds at most about one machine epsilon ({@code 2^-23}) of error relative to the scale of the
 * signal it carries. Batch norm keeps that scale near the logits' scale, so over {@code L} such
 * layers, errors added with no cancellation at all:
 *
 * <pre>
 *   |a - b|  &lt;=  L * epsilon * range(reference logits)
 * </pre>
 *
 * where the range is max - min over the whole reference batch: the scale on which top-k decisions
 * are made. Measured errors sit far below it (a few epsilon of the range, because rounding errors
 * mostly cancel), while a real defect sits far above: TensorFlow's {@code SAME} padding instead of
 * PyTorch's symmetric one moves the torchvision fixture's logits by ~1e-3, 3e-5 of their range; the
 * bound for MnasNet is 53 * 1.19e-7 = 6.3e-6 of the range.
 *
 * @param weightLayers convolutions and dense layers on the longest path from input to logits
 */
public record LogitTolerance(int weightLayers) {

  /** Float32's machine epsilon, the gap between 1 and the next float: {@code 2^-23}. */
  public static final double FLOAT32_EPSILON = Math.ulp(1.0f);

  /**
   * MnasNet-B1's weight layers on its longest path, at every width: the stem's three convolutions,
   * three in each of the sixteen inverted residual blocks, the 1x1 head and the classifier.
   */
  public static final int MNASNET_B1_WEIGHT_LAYERS = 3 + 16 * 3 + 1 + 1;

  public LogitTolerance {
    if (weightLayers < 1) {
      throw new IllegalArgumentException("weightLayers must be at least 1, got " + weightLayers);
    }
  }

  /** The tolerance for MnasNet-B1 ({@link #MNASNET_B1_WEIGHT_LAYERS}). */
  public static LogitTolerance mnasNetB1() {
    return new LogitTolerance(MNASNET_B1_WEIGHT_LAYERS);
  }

  /** The allowed disagreement as a fraction of the reference logits' range. */
  public double relativeBound() {
    return weightLayers * FLOAT32_EPSILON;
  }

  /** Compares {@code actual} with {@code reference}, row by row (one row an image). */
  public Agreement compare(float[][] reference, float[][] actual) {
    if (reference.length != actual.length) {
      throw new IllegalArgumentException(
          "reference has " + reference.length + " rows, actual " + actual.length);
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    double maxDifference = 0;
    for (int i = 0; i < reference.length; i++) {
      if (reference[i].length != actual[i].length) {
        throw new IllegalArgumentException(
            "row "
                + i
                + ": reference has "
                + reference[i].length
                + " values, actual "
                + actual[i].length);
      }
      for (int k = 0; k < reference[i].length; k++) {
        min = Math.min(min, reference[i][k]);
        max = Math.max(max, reference[i][k]);
        double difference = Math.abs((double) reference[i][k] - actual[i][k]);
        // NaN compares false with everything: count it as an unbounded difference.
        maxDifference =
            Double.isNaN(difference)
                ? Double.POSITIVE_INFINITY
                : Math.max(maxDifference, difference);
      }
    }
    double range = (double) max - min;
    return new Agreement(maxDifference, range, relativeBound() * range);
  }

  /** Compares two flat row-major {@code [rows, classes]} arrays. */
  public Agreement compare(float[] reference, float[] actual, int classes) {
    return compare(rows(reference, classes), rows(actual, classes));
  }

  private static float[][] rows(float[] flat, int classes) {
    if (classes < 1 || flat.length % classes != 0) {
      throw new IllegalArgumentException(
          flat.length + " values are not whole rows of " + classes + " classes");
    }
    float[][] rows = new float[flat.length / classes][classes];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(flat, i * classes, rows[i], 0, classes);
    }
    return rows;
  }

  /**
   * One comparison's outcome.
   *
   * @param maxDifference the largest absolute difference of any logit
   * @param range max - min of the reference logits
   * @param bound the allowed {@code maxDifference}
   */
  public record Agreement(double maxDifference, double range, double bound) {

    /** Whether the two evaluations agree within the bound. */
    public boolean holds() {
      return maxDifference <= bound;
    }

    /** The largest difference as a fraction of the range. */
    public double relativeDifference() {
      return range == 0
          ? (maxDifference == 0 ? 0 : Double.POSITIVE_INFINITY)
          : maxDifference / range;
    }

    @Override
    public String toString() {
      return String.format(
          "max |difference| %.3g = %.3g of the logits' range %.4g (%.2f float32 epsilons);"
              + " bound %.3g",
          maxDifference,
          relativeDifference(),
          range,
          relativeDifference() / FLOAT32_EPSILON,
          bound);
    }
  }
}
