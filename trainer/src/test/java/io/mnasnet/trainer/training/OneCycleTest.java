package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OneCycleTest {

  @Test
  void risesToThePeakThenAnnealsFarBelowTheStart() {
    OneCycle schedule = new OneCycle(1.0, 1001);
    // PyTorch OneCycleLR: peak at step 0.3 * 1001 - 1 = 299.3, end at step 1000
    assertThat(schedule.at(0)).isCloseTo(1.0 / 25, within(1e-12));
    assertThat(schedule.at(299)).isCloseTo(1.0, within(1e-5));
    assertThat(schedule.at(1000)).isCloseTo(1.0 / 25 / 1e4, within(1e-15));
    assertThat(schedule.at(150)).isBetween(0.4, 0.6);
    assertThat(schedule.at(650)).isBetween(0.4, 0.6);
  }
}
