package io.mnasnet.trainer.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.trainer.runlog.ProgressBar.Display;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);
  private final AtomicLong nanos = new AtomicLong();

  private ProgressBar bar(Display display, String label, long total) {
    return new ProgressBar(out, display, label, total, nanos::get, Duration.ofSeconds(10));
  }

  private String output() {
    return text.toString();
  }

  @Test
  void showsProgressLossThroughputAndEta() {
    ProgressBar bar = bar(Display.PLAIN_LINES, "epoch 1/3", 100);
    nanos.set(Duration.ofSeconds(20).toNanos());
    bar.update(25, 0.51234, 1830.4);

    // 25 steps in 20 s -> 75 steps to go take 60 s
    assertThat(output().strip())
        .isEqualTo(
            "epoch 1/3 [#####...............] 25/100  25.0% loss 0.5123  1,830 img/s  ETA 1:00");
  }

  @Test
  void withoutLossOrLabelMeasuresTheRateItself() {
    ProgressBar bar = bar(Display.PLAIN_LINES, "", 200);
    nanos.set(Duration.ofSeconds(2).toNanos());
    bar.update(50);

    assertThat(output().strip())
        .isEqualTo("[#####...............] 50/200  25.0%  25.0 img/s  ETA 0:06");
  }

  @Test
  void theBarIsFullAndThePercentage100OnlyWhenEverythingIsDone() {
    ProgressBar bar = bar(Display.PLAIN_LINES, "", 1000);
    nanos.set(Duration.ofSeconds(1).toNanos());
    assertThat(bar.render(999, Double.NaN, 999, nanos.get()))
        .startsWith("[###################.] 999/1000  99.9%");
    assertThat(bar.render(1000, Double.NaN, 1000, nanos.get()))
        .startsWith("[####################] 1000/1000 100.0%")
        .endsWith("took 0:01");
    assertThat(bar.render(0, Double.NaN, 0, 0)).contains("0/1000   0.0%  0.0 img/s  ETA ?");
  }

  @Test
  void withoutATotalShowsCountAndRate() {
    ProgressBar bar = bar(Display.PLAIN_LINES, "", 0);
    nanos.set(Duration.ofSeconds(3).toNanos());
    bar.update(30);

    assertThat(output().strip()).isEqualTo("30 images  10.0 img/s");
  }

  @Test
  void plainModePrintsAtMostOneLinePerIntervalPlusTheLastStep() {
    ProgressBar bar = bar(Display.PLAIN_LINES, "e", 10);
    for (int step = 1; step <= 10; step++) {
      nanos.addAndGet(Duration.ofSeconds(3).toNanos());
      bar.update(step, 1.0, 100);
    }
    bar.finish(10); // the last step is already shown: nothing more
    // printed at 3 s (first), 15 s, 27 s, and the final step at 30 s
    assertThat(output().lines()).hasSize(4);
    assertThat(output()).doesNotContain("\r");
    assertThat(output().lines().reduce((a, b) -> b).orElseThrow()).contains("10/10", "took 0:30");
  }

  @Test
  void inPlaceRedrawsAtMostTenTimesASecondAndFinishEndsTheLine() {
    ProgressBar bar = bar(Display.IN_PLACE, "", 10);
    bar.update(1);
    nanos.addAndGet(50_000_000L);
    bar.update(2); // too soon
    nanos.addAndGet(60_000_000L);
    bar.update(3);
    bar.finish(10);

    String[] draws = output().split("\r", -1);
    assertThat(draws).hasSize(4); // "" before the first \r, then three draws
    assertThat(draws[1]).contains(" 1/10");
    assertThat(draws[2]).contains(" 3/10");
    assertThat(draws[3]).contains(" 10/10").endsWith(System.lineSeparator());
  }

  @Test
  void inPlaceErasesLongerLinesAndEndLineLetsTheNextTextStartOnItsOwnLine() {
    ProgressBar bar = bar(Display.IN_PLACE, "e", 1000);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    bar.update(1, 10.0, 123456);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    bar.update(2, 1.0, 1);
    bar.endLine();
    out.print("summary");

    String[] draws = output().split("\r");
    assertThat(draws).hasSize(3); // "", first draw, second draw + newline + summary
    assertThat(draws[2]).startsWith("e [").contains("2/1000");
    assertThat(draws[2].indexOf('\n')).isGreaterThanOrEqualTo(draws[1].length());
    assertThat(output()).endsWith(System.lineSeparator() + "summary");
  }

  @Test
  void displayNonePrintsNothing() {
    ProgressBar bar = bar(Display.NONE, "e", 10);
    bar.update(5);
    bar.update(10, 1.0, 1);
    bar.finish(10);
    assertThat(output()).isEmpty();
  }

  @Test
  void formatsRatesAndLongDurations() {
    assertThat(ProgressBar.formatRate(12.34)).isEqualTo("12.3 img/s");
    assertThat(ProgressBar.formatRate(1830.4)).isEqualTo("1,830 img/s");
    assertThat(ProgressBar.formatDuration(Duration.ofSeconds(3 * 3600 + 5 * 60 + 7)))
        .isEqualTo("3:05:07");
    assertThat(ProgressBar.formatDuration(Duration.ofSeconds(59))).isEqualTo("0:59");
  }
}
