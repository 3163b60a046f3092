package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private long now;

  @Test
  void rendersTheFilledShareCountPercentAndRate() {
    assertThat(ProgressBar.render(50, 200, 2.0))
        .isEqualTo("[#######.......................] 50/200  25%  25.0 img/s");
    assertThat(ProgressBar.render(200, 200, 4.0))
        .startsWith("[##############################] 200/200 100%");
    assertThat(ProgressBar.render(0, 200, 0)).contains("0/200   0%  0.0 img/s");
  }

  @Test
  void withoutATotalShowsCountAndRate() {
    assertThat(ProgressBar.render(30, 0, 3.0)).isEqualTo("30 images  10.0 img/s");
  }

  @Test
  void redrawsAtMostTenTimesASecondAndEndsTheLine() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), 10, () -> now, true);
    bar.update(1);
    now += 50_000_000L;
    bar.update(2); // too soon
    now += 60_000_000L;
    bar.update(3);
    bar.finish(10);

    String[] draws = text.toString().split("\r", -1);
    assertThat(draws).hasSize(4); // "" before the first \r, then three draws
    assertThat(draws[1]).contains(" 1/10");
    assertThat(draws[2]).contains(" 3/10");
    assertThat(draws[3]).contains(" 10/10").endsWith(System.lineSeparator());
  }

  @Test
  void aDisabledBarPrintsNothing() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), 10, () -> now, false);
    bar.update(5);
    bar.finish(10);
    assertThat(text.toString()).isEmpty();
  }
}
