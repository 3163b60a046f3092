package io.mnasnet.cli.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SummaryStatsTest {

  @Test
  void percentilesAreNearestRank() {
    LatencyStats stats = new LatencyStats();
    for (int i = 100; i >= 1; i--) {
      stats.add(i);
    }
    assertThat(stats.count()).isEqualTo(100);
    assertThat(stats.percentile(50)).isEqualTo(50);
    assertThat(stats.percentile(95)).isEqualTo(95);
    assertThat(stats.percentile(99)).isEqualTo(99);
    assertThat(stats.max()).isEqualTo(100);

    LatencyStats one = new LatencyStats();
    one.add(7);
    assertThat(one.percentile(50)).isEqualTo(7);
    assertThat(one.percentile(99)).isEqualTo(7);
    assertThatThrownBy(() -> new LatencyStats().percentile(50))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void summaryReportsCountAccuracyAndLatencies() {
    RunningAccuracy accuracy = new RunningAccuracy();
    LatencyStats latencies = new LatencyStats();
    accuracy.record(TestPredictions.of("a", 1, "Trouser", 0.9, "1", 10));
    accuracy.record(TestPredictions.of("b", 1, "Trouser", 0.9, "2", 20));
    accuracy.record(TestPredictions.of("c", 1, "Trouser", 0.9, "1", 30));
    accuracy.record(TestPredictions.of("d", 1, "Trouser", 0.9, null, 40));
    for (long ms : new long[] {10, 20, 30, 40}) {
      latencies.add(ms);
    }

    assertThat(ConsumeSummary.lines(4, 1, accuracy, latencies))
        .containsExactly(
            "Received 4 predictions (1 unreadable record skipped)",
            "Accuracy: 66.7% (2/3) of the predictions with a true label",
            "End-to-end latency: p50 20 ms, p95 40 ms, p99 40 ms, max 40 ms");
    assertThat(ConsumeSummary.lines(0, 0, new RunningAccuracy(), new LatencyStats()))
        .containsExactly(
            "Received 0 predictions", "Accuracy: n/a (no prediction carried a true label)");
  }
}
