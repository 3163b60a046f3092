package io.mnasnet.streams.webview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivitySeriesTest {

  @Test
  void percentilesOfAHistogramAreWithinNinePercent() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int ms = 1; ms <= 1000; ms++) {
      histogram.record(ms);
    }

    assertThat(histogram.percentile(0.50)).isCloseTo(500, within(45L));
    assertThat(histogram.percentile(0.95)).isCloseTo(950, within(86L));
    assertThat(histogram.percentile(0.99)).isCloseTo(990, within(90L));
    assertThat(new LatencyHistogram().percentile(0.5)).isEqualTo(-1);
  }

  @Test
  void eachSlotCountsItsOwnTrafficAndOldSlotsAreReused() {
    ActivitySeries series = new ActivitySeries(1000, 4);
    long t0 = 1_000_000;
    for (int i = 0; i < 10; i++) {
      series.predicted(t0 + 100, 40);
    }
    series.deadLettered(t0 + 200);
    series.predicted(t0 + 1500, 400);

    List<ActivitySeries.Point> points = series.points(t0 + 2100);
    assertThat(points).hasSize(3);
    assertThat(points.get(1).imagesPerSecond()).isEqualTo(10.0);
    assertThat(points.get(1).deadLetters()).isEqualTo(1);
    assertThat(points.get(1).p50()).isCloseTo(40, within(4L));
    assertThat(points.get(2).imagesPerSecond()).isEqualTo(1.0);
    assertThat(points.get(0).p50()).as("no traffic").isEqualTo(-1);

    // four seconds later the ring has wrapped: the old slots are empty, not counted twice
    series.predicted(t0 + 5100, 10);
    List<ActivitySeries.Point> later = series.points(t0 + 6000);
    assertThat(later.stream().mapToDouble(ActivitySeries.Point::imagesPerSecond).sum())
        .isEqualTo(1.0);
  }

  @Test
  void theConfusionMatrixReadsTrueLabelsAsIndexesOrNames() {
    ConfusionMatrix matrix = new ConfusionMatrix();
    matrix.record(TestPredictions.of("a", 9, "9", 1, 0));
    matrix.record(TestPredictions.of("b", 7, "Ankle boot", 1, 0));
    matrix.record(TestPredictions.of("c", 7, "Boot of another data set", 1, 0));
    matrix.record(TestPredictions.of("d", 0, null, 1, 0));

    ConfusionMatrix.Snapshot snapshot = matrix.snapshot();
    assertThat(snapshot.classes()).hasSize(10).startsWith("T-shirt/top", "Trouser");
    assertThat(snapshot.counts()[9][9]).isEqualTo(1);
    assertThat(snapshot.counts()[9][7]).isEqualTo(1);
    assertThat(snapshot.unmatched()).isEqualTo(1);
  }
}
