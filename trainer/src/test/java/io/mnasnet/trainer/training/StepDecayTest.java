package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StepDecayTest {

  private static final long STEPS_PER_EPOCH = 100;
  private final StepDecay halveEvery20 = new StepDecay(0.1, 0.5, 20, STEPS_PER_EPOCH);

  private double atEpochStart(int epoch) {
    return halveEvery20.at(epoch * STEPS_PER_EPOCH);
  }

  @Test
  void halvesEveryTwentyEpochsAsTheInspiringProjectIntended() {
    assertThat(atEpochStart(0)).isCloseTo(0.1, within(1e-12));
    assertThat(atEpochStart(19)).isCloseTo(0.1, within(1e-12));
    assertThat(halveEvery20.at(20 * STEPS_PER_EPOCH - 1)).isCloseTo(0.1, within(1e-12));
    assertThat(atEpochStart(20)).isCloseTo(0.05, within(1e-12));
    assertThat(atEpochStart(39)).isCloseTo(0.05, within(1e-12));
    assertThat(atEpochStart(40)).isCloseTo(0.025, within(1e-12));
  }

  @Test
  void neverReturnsZeroUnlikeThePrecedenceBug() {
    // the bug: lr * (0.5 ** epoch // 20) == 0 for every epoch
    for (int epoch = 0; epoch < 100; epoch++) {
      assertThat(atEpochStart(epoch)).isPositive();
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> new StepDecay(0.1, 0, 20, 10)).hasMessageContaining("gamma");
    assertThatThrownBy(() -> new StepDecay(0.1, 0.5, 20, 0)).hasMessageContaining("stepsPerEpoch");
    assertThatThrownBy(() -> halveEvery20.at(-1)).hasMessageContaining("step");
  }
}
