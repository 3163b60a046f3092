package io.mnasnet.streams.webview;

import java.util.ArrayList;
import java.util.List;

/**
 * Predictions, their end-to-end latency and dead letters per time slot over the last few minutes: a
 * ring of {@code slots} fixed-size slots, reused as time moves on. Not thread-safe.
 */
final class ActivitySeries {
  /** One finished slot: images/s, latency percentiles in ms (-1 = no prediction), dead letters. */
  record Point(
      long startMs, double imagesPerSecond, long p50, long p95, long p99, int deadLetters) {}

  private final long slotMs;
  private final long[] slotStart;
  private final int[] predictions;
  private final int[] deadLetters;
  private final LatencyHistogram[] latencies;

  ActivitySeries(long slotMs, int slots) {
    this.slotMs = slotMs;
    this.slotStart = new long[slots];
    this.predictions = new int[slots];
    this.deadLetters = new int[slots];
    this.latencies = new LatencyHistogram[slots];
    for (int i = 0; i < slots; i++) {
      latencies[i] = new LatencyHistogram();
      slotStart[i] = Long.MIN_VALUE;
    }
  }

  void predicted(long atMs, long endToEndMs) {
    int slot = slot(atMs);
    predictions[slot]++;
    latencies[slot].record(Math.max(0, endToEndMs));
  }

  void deadLettered(long atMs) {
    deadLetters[slot(atMs)]++;
  }

  /** The finished slots of the window ending at {@code nowMs}, oldest first (empty ones too). */
  List<Point> points(long nowMs) {
    long current = Math.floorDiv(nowMs, slotMs) * slotMs;
    List<Point> points = new ArrayList<>(slotStart.length - 1);
    for (int back = slotStart.length - 1; back >= 1; back--) {
      long start = current - back * slotMs;
      int i = index(start);
      if (slotStart[i] != start) {
        points.add(new Point(start, 0, -1, -1, -1, 0));
      } else {
        LatencyHistogram h = latencies[i];
        points.add(
            new Point(
                start,
                predictions[i] * 1000.0 / slotMs,
                h.percentile(0.50),
                h.percentile(0.95),
                h.percentile(0.99),
                deadLetters[i]));
      }
    }
    return points;
  }

  long slotMs() {
    return slotMs;
  }

  private int slot(long atMs) {
    long start = Math.floorDiv(atMs, slotMs) * slotMs;
    int i = index(start);
    if (slotStart[i] != start) {
      if (slotStart[i] > start) {
        // older than the window (a clock step back): count it in the slot it maps to anyway
        return i;
      }
      slotStart[i] = start;
      predictions[i] = 0;
      deadLetters[i] = 0;
      latencies[i].clear();
    }
    return i;
  }

  private int index(long start) {
    return (int) Math.floorMod(Math.floorDiv(start, slotMs), (long) slotStart.length);
  }
}
