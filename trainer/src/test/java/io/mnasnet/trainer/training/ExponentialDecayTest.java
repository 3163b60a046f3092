package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExponentialDecayTest {

  @Test
  void tpuRecipeDecaysByPoint97EveryTwoPointFourEpochsAfterWarmup() {
    // 1,000 steps per epoch, batch 1024: lr = 0.016 * 4 = 0.064, decay every 2,400 steps
    ExponentialDecay schedule = ExponentialDecay.mnasNetTpu(1024, 1000);
    double base = 0.064;

    assertThat(schedule.at(0)).isZero();
    assertThat(schedule.at(2500)).isCloseTo(base * 2500 / 5000, within(1e-12));
    // warmup ends at 5 epochs; decay counts from step 0, so two decays have happened by then
    assertThat(schedule.at(5000)).isCloseTo(base * 0.97 * 0.97, within(1e-12));
    assertThat(schedule.at(7199)).isCloseTo(base * 0.97 * 0.97, within(1e-12));
    assertThat(schedule.at(7200)).isCloseTo(base * Math.pow(0.97, 3), within(1e-12));
    assertThat(schedule.at(350_000)).isCloseTo(base * Math.pow(0.97, 145), within(1e-15));
  }

  @Test
  void continuousVariantInterpolatesBetweenStairs() {
    ExponentialDecay smooth = new ExponentialDecay(1.0, 0.5, 100, false, 0);
    ExponentialDecay stairs = new ExponentialDecay(1.0, 0.5, 100, true, 0);

    assertThat(smooth.at(50)).isCloseTo(Math.sqrt(0.5), within(1e-12));
    assertThat(stairs.at(50)).isEqualTo(1.0);
    assertThat(smooth.at(200)).isCloseTo(0.25, within(1e-12));
    assertThat(stairs.at(200)).isCloseTo(0.25, within(1e-12));
  }
}
