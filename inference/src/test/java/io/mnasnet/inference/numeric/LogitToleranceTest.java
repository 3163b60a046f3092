package io.mnasnet.inference.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogitToleranceTest {

  private final LogitTolerance tolerance = new LogitTolerance(10);

  @Test
  void theBoundIsLayersTimesEpsilonOfTheReferenceRange() {
    float[][] reference = {{-3f, 1f}, {2f, 5f}};
    LogitTolerance.Agreement agreement = tolerance.compare(reference, reference);

    assertThat(agreement.range()).isEqualTo(8.0);
    assertThat(agreement.bound()).isEqualTo(10 * 8.0 * 0x1p-23);
    assertThat(agreement.maxDifference()).isZero();
    assertThat(agreement.holds()).isTrue();
  }

  @Test
  void aDifferenceOfAFewEpsilonsOfTheRangeHoldsAndOneAboveTheBoundDoesNot() {
    float[][] reference = {{-10f, 10f}};
    float within = (float) (10 + 5 * 20 * LogitTolerance.FLOAT32_EPSILON);
    float beyond = (float) (10 + 11 * 20 * LogitTolerance.FLOAT32_EPSILON);

    assertThat(tolerance.compare(reference, new float[][] {{-10f, within}}).holds()).isTrue();
    LogitTolerance.Agreement off = tolerance.compare(reference, new float[][] {{-10f, beyond}});
    assertThat(off.holds()).isFalse();
    assertThat(off.toString()).contains("epsilons", "bound");
  }

  @Test
  void nanNeverAgrees() {
    float[][] reference = {{0f, 1f}};
    assertThat(tolerance.compare(reference, new float[][] {{0f, Float.NaN}}).holds()).isFalse();
  }

  @Test
  void mnasNetsBoundSeparatesRoundingFromTheKnownPaddingDefect() {
    // SAME instead of symmetric padding moved the torchvision fixture's logits (range 33) by 1e-3.
    double paddingDefect = 1e-3 / 33;
    double typicalRounding = 3 * LogitTolerance.FLOAT32_EPSILON;

    assertThat(LogitTolerance.mnasNetB1().relativeBound())
        .isGreaterThan(10 * typicalRounding)
        .isLessThan(paddingDefect / 3);
  }

  @Test
  void shapesMustAgree() {
    assertThatThrownBy(() -> tolerance.compare(new float[][] {{1f}}, new float[][] {{1f, 2f}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0");
    assertThatThrownBy(() -> tolerance.compare(new float[3], new float[3], 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
