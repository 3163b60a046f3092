package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CosineWithWarmupTest {

  // warmup 100 steps, cosine over steps 100..1100, floor 0.001
  private final CosineWithWarmup schedule = new CosineWithWarmup(0.1, 0.001, 100, 1100);

  @Test
  void warmsUpLinearlyFromZero() {
    assertThat(schedule.at(0)).isZero();
    assertThat(schedule.at(50)).isCloseTo(0.05, within(1e-12));
    assertThat(schedule.at(99)).isCloseTo(0.099, within(1e-12));
  }

  @Test
  void peaksAtEndOfWarmupThenFollowsTheCosine() {
    assertThat(schedule.at(100)).isCloseTo(0.1, within(1e-12));
    // midpoint of the cosine phase: halfway between peak and floor
    assertThat(schedule.at(600)).isCloseTo((0.1 + 0.001) / 2, within(1e-12));
    // a quarter of the way: floor + (peak - floor) * (1 + cos(pi/4)) / 2
    assertThat(schedule.at(350)).isCloseTo(0.001 + 0.099 * (1 + Math.sqrt(0.5)) / 2, within(1e-12));
  }

  @Test
  void reachesTheFloorAtTheEndAndStaysThere() {
    assertThat(schedule.at(1100)).isCloseTo(0.001, within(1e-12));
    assertThat(schedule.at(5000)).isCloseTo(0.001, within(1e-12));
    assertThat(schedule.at(1099)).isGreaterThan(0.001).isLessThan(0.0011);
  }

  @Test
  void isMonotonicAfterWarmup() {
    double previous = Double.MAX_VALUE;
    for (long step = 100; step <= 1100; step++) {
      assertThat(schedule.at(step)).isLessThanOrEqualTo(previous);
      previous = schedule.at(step);
    }
  }

  @Test
  void epochFactoryConvertsToSteps() {
    CosineWithWarmup byEpochs = CosineWithWarmup.ofEpochs(0.1, 0.001, 1, 11, 100);
    for (long step : new long[] {0, 50, 100, 600, 1100}) {
      assertThat(byEpochs.at(step)).isEqualTo(schedule.at(step));
    }
  }

  @Test
  void rejectsInconsistentArguments() {
    assertThatThrownBy(() -> new CosineWithWarmup(0.1, 0.2, 10, 100)).hasMessageContaining("floor");
    assertThatThrownBy(() -> new CosineWithWarmup(0.1, 0, 100, 100))
        .hasMessageContaining("totalSteps");
  }
}
