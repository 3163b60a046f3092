package io.mnasnet.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Whether a soak's memory stayed flat and under its limit. The first {@link #SETTLE_SECONDS} under
 * load are not judged (JIT compilation, TensorFlow's allocator pool and the record caches fill
 * then); after that the median RSS of the last minute may exceed the median of the first judged
 * minute by at most {@link #MAX_GROWTH} and no sample may reach the limit. The least-squares slope
 * over the judged samples is reported beside it, in MiB per minute: a leak shows as a steady slope,
 * the pool's steps as a few jumps.
 *
 * @param settledMedianBytes median RSS of the first judged minute
 * @param lastMinuteMedianBytes median RSS of the last minute
 * @param maxBytes largest judged sample
 * @param growth lastMinuteMedian / settledMedian - 1
 * @param slopeMibPerMinute least-squares slope of the judged samples
 * @param flat growth within {@link #MAX_GROWTH}
 * @param underLimit every judged sample below the limit
 */
record SoakVerdict(
    long settledMedianBytes,
    long lastMinuteMedianBytes,
    long maxBytes,
    double growth,
    double slopeMibPerMinute,
    boolean flat,
    boolean underLimit) {

  static final double SETTLE_SECONDS = 60;
  static final double MAX_GROWTH = 0.10;

  boolean passed() {
    return flat && underLimit;
  }

  /** Judges {@code samples} (in time order) against {@code limitBytes}. */
  static SoakVerdict of(List<SoakSample> samples, long limitBytes) {
    List<SoakSample> judged = samples.stream().filter(s -> s.seconds() >= SETTLE_SECONDS).toList();
    if (judged.size() < 2) {
      throw new IllegalArgumentException(
          "a soak needs samples after its first "
              + (int) SETTLE_SECONDS
              + " s to be judged; run it for at least two minutes");
    }
    double first = judged.get(0).seconds();
    double last = judged.get(judged.size() - 1).seconds();
    long settled = median(judged.stream().filter(s -> s.seconds() < first + 60).toList());
    long lastMinute = median(judged.stream().filter(s -> s.seconds() > last - 60).toList());
    long max = judged.stream().mapToLong(SoakSample::rssBytes).max().orElseThrow();
    double growth = lastMinute / (double) settled - 1;
    return new SoakVerdict(
        settled,
        lastMinute,
        max,
        growth,
        slopeMibPerMinute(judged),
        growth <= MAX_GROWTH,
        max < limitBytes);
  }

  private static long median(List<SoakSample> samples) {
    long[] rss = samples.stream().mapToLong(SoakSample::rssBytes).sorted().toArray();
    return rss.length % 2 == 1
        ? rss[rss.length / 2]
        : (rss[rss.length / 2 - 1] + rss[rss.length / 2]) / 2;
  }

  private static double slopeMibPerMinute(List<SoakSample> samples) {
    double[] x = samples.stream().mapToDouble(s -> s.seconds() / 60).toArray();
    double[] y = samples.stream().mapToDouble(s -> s.rssBytes() / (1024.0 * 1024.0)).toArray();
    double meanX = Arrays.stream(x).average().orElseThrow();
    double meanY = Arrays.stream(y).average().orElseThrow();
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < x.length; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      variance += (x[i] - meanX) * (x[i] - meanX);
    }
    return variance == 0 ? 0 : covariance / variance;
  }
}
