package io.mnasnet.cli.consume;

import java.util.Arrays;

/**
 * Latencies in milliseconds and their percentiles (nearest-rank: p50 of 1..100 is 50). Keeps every
 * value: a consume run sees thousands, not billions.
 */
public final class LatencyStats {
  private long[] values = new long[64];
  private int count;

  public void add(long millis) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = millis;
  }

  public int count() {
    return count;
  }

  /**
   * The smallest value that at least {@code percent}% of the values do not exceed.
   *
   * @param percent in (0, 100]
   * @throws IllegalStateException if there are no values
   */
  public long percentile(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + percent);
    }
    if (count == 0) {
      throw new IllegalStateException("no latencies recorded");
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * count);
    return sorted[Math.max(0, rank - 1)];
  }

  public long max() {
    return percentile(100);
  }
}
