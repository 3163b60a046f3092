package io.mnasnet.trainer.runlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong nanos = new AtomicLong();

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsProgressLossThroughputAndEta() {
    ProgressBar bar =
        new ProgressBar(out, false, "epoch 1/3", 100, nanos::get, Duration.ofSeconds(10));
    nanos.set(Duration.ofSeconds(20).toNanos());
    bar.update(25, 0.51234, 1830.4);

    // 25 steps in 20 s -> 75 steps to go take 60 s
    assertThat(output().strip())
        .isEqualTo(
            "epoch 1/3 [#####...............] 25/100  25.0% loss 0.5123  1,830 img/s  ETA 1:00");
  }

  @Test
  void plainModePrintsAtMostOneLinePerIntervalPlusTheLastStep() {
    ProgressBar bar = new ProgressBar(out, false, "e", 10, nanos::get, Duration.ofSeconds(10));
    for (int step = 1; step <= 10; step++) {
      nanos.addAndGet(Duration.ofSeconds(3).toNanos());
      bar.update(step, 1.0, 100);
    }
    // printed at 3 s (first), 15 s, 27 s, and the final step at 30 s
    assertThat(output().lines()).hasSize(4);
    assertThat(output()).doesNotContain("\r");
    assertThat(output().lines().reduce((a, b) -> b).orElseThrow()).contains("10/10", "took 0:30");
  }

  @Test
  void terminalModeRedrawsInPlaceAndErasesLongerLines() {
    ProgressBar bar = new ProgressBar(out, true, "e", 1000, nanos::get, Duration.ofSeconds(10));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    bar.update(1, 10.0, 123456);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    bar.update(2, 1.0, 1);
    bar.finish("done");

    String[] draws = output().split("\r");
    assertThat(draws).hasSize(3); // "", first draw, second draw + newline + summary
    assertThat(draws[2]).startsWith("e [").contains("2/1000");
    assertThat(draws[2].indexOf('\n')).isGreaterThanOrEqualTo(draws[1].length());
    assertThat(output()).endsWith("done" + System.lineSeparator());
  }

  @Test
  void formatsLongDurationsWithHours() {
    assertThat(ProgressBar.formatDuration(Duration.ofSeconds(3 * 3600 + 5 * 60 + 7)))
        .isEqualTo("3:05:07");
    assertThat(ProgressBar.formatDuration(Duration.ofSeconds(59))).isEqualTo("0:59");
  }
}
