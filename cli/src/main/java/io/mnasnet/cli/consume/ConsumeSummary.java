package io.mnasnet.cli.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closing report of {@code consume}: how many predictions, the accuracy over those with a true
 * label, and percentiles of the pipeline's end-to-end latency ({@code timings.endToEndMs}).
 */
public final class ConsumeSummary {
  private ConsumeSummary() {}

  /** The report's lines. */
  public static List<String> lines(
      long predictions, long unreadable, RunningAccuracy accuracy, LatencyStats latencies) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Received %d prediction%s%s"
            .formatted(
                predictions,
                predictions == 1 ? "" : "s",
                unreadable == 0
                    ? ""
                    : " (%d unreadable record%s skipped)"
                        .formatted(unreadable, unreadable == 1 ? "" : "s")));
    lines.add(
        accuracy.labelled() == 0
            ? "Accuracy: n/a (no prediction carried a true label)"
            : "Accuracy: %s of the predictions with a true label".formatted(accuracy.format()));
    if (latencies.count() > 0) {
      lines.add(
          String.format(
              Locale.ROOT,
              "End-to-end latency: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms",
              latencies.percentile(50),
              latencies.percentile(95),
              latencies.percentile(99),
              latencies.max()));
    }
    return lines;
  }
}
