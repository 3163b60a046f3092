package io.mnasnet.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The median of repeated measurements with their spread: minimum, maximum and the interquartile
 * range. Every figure of the benchmark report is one of these, so a reader sees how noisy it was.
 *
 * @param median the median (the middle value, or the mean of the two middle values)
 * @param min the smallest value
 * @param max the largest value
 * @param q1 first quartile (linear interpolation between order statistics)
 * @param q3 third quartile
 * @param samples every value, in measurement order
 */
public record Spread(
    double median, double min, double max, double q1, double q3, List<Double> samples) {

  public Spread {
    samples = List.copyOf(samples);
  }

  /**
   * The spread of {@code values}.
   *
   * @throws IllegalArgumentException if there are none
   */
  public static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no measurements to summarise");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Spread(
        quantile(sorted, 0.5),
        sorted[0],
        sorted[sorted.length - 1],
        quantile(sorted, 0.25),
        quantile(sorted, 0.75),
        values);
  }

  /** A single value (a measurement that was not repeated). */
  public static Spread single(double value) {
    return of(List.of(value));
  }

  /** The {@code q}-quantile of {@code values} (need not be sorted), {@code q} in [0, 1]. */
  public static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }

  /** {@code median [min-max]} with {@code decimals} digits, for the Markdown summary. */
  public String format(int decimals) {
    String pattern = "%." + decimals + "f";
    if (samples.size() == 1) {
      return String.format(java.util.Locale.ROOT, pattern, median);
    }
    return String.format(
        java.util.Locale.ROOT, pattern + " [" + pattern + "-" + pattern + "]", median, min, max);
  }
}
