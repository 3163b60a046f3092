package io.mnasnet.trainer.snapshot;

/**
 * How fast a snapshot was read and cached, for the console and the run log: reading must never be
 * what a training run waits for.
 *
 * @param records records read
 * @param bytes bytes of keys and values read
 * @param seconds wall time from the first fetch to the last cached image
 * @param cpuSeconds CPU time of the whole process meanwhile (all threads: fetching, decoding,
 *     caching; what {@code /proc/PID/stat} counts as utime + stime)
 * @param cacheBytes bytes the cache holds (pixels, originals of held-out records, index)
 */
public record ReadStatistics(
    long records, long bytes, double seconds, double cpuSeconds, long cacheBytes) {

  /** Records read per second. */
  public double recordsPerSecond() {
    return seconds > 0 ? records / seconds : 0;
  }

  /** Milliseconds of CPU per record. */
  public double cpuMillisPerRecord() {
    return records > 0 ? 1000 * cpuSeconds / records : 0;
  }

  /** Megabytes (10^6 bytes) read per second. */
  public double megabytesPerSecond() {
    return seconds > 0 ? bytes / 1e6 / seconds : 0;
  }
}
