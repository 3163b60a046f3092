package io.mnasnet.streams.webview;

import java.util.Arrays;

/**
 * Counts of latencies in logarithmic buckets (8 per doubling, so a percentile read from it is
 * within 9% of the true value), from 1 ms to about 17 minutes; fixed size, so a window of many of
 * them stays small whatever the traffic. Not thread-safe.
 */
final class LatencyHistogram {
  private static final int BUCKETS_PER_DOUBLING = 8;
  private static final int BUCKETS = 20 * BUCKETS_PER_DOUBLING + 1; // up to 2^20 ms, then overflow

  private final int[] counts = new int[BUCKETS];
  private long total;

  void record(long millis) {
    counts[bucket(millis)]++;
    total++;
  }

  long count() {
    return total;
  }

  void clear() {
    Arrays.fill(counts, 0);
    total = 0;
  }

  /**
   * The latency below which a fraction {@code q} of the recorded ones lie (the upper bound of its
   * bucket), or -1 when nothing was recorded.
   */
  long percentile(double q) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  private static int bucket(long millis) {
    if (millis <= 1) {
      return 0;
    }
    double log2 = Math.log(millis) / Math.log(2);
    return (int) Math.min(BUCKETS - 1, Math.ceil(log2 * BUCKETS_PER_DOUBLING));
  }

  private static long upperBound(int bucket) {
    return Math.round(Math.pow(2, bucket / (double) BUCKETS_PER_DOUBLING));
  }
}
