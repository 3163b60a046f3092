package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void medianAndQuartilesOfUnsortedValues() {
    Spread spread = Spread.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));

    assertThat(spread.median()).isEqualTo(3.0);
    assertThat(spread.min()).isEqualTo(1.0);
    assertThat(spread.max()).isEqualTo(5.0);
    assertThat(spread.q1()).isEqualTo(2.0);
    assertThat(spread.q3()).isEqualTo(4.0);
    assertThat(spread.samples()).containsExactly(5.0, 1.0, 4.0, 2.0, 3.0);
  }

  @Test
  void evenCountInterpolatesBetweenTheMiddleValues() {
    assertThat(Spread.of(List.of(10.0, 20.0)).median()).isEqualTo(15.0);
    assertThat(Spread.quantile(new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 0.99))
        .isCloseTo(99.0, within(1e-9));
  }

  @Test
  void formatsMedianWithRange() {
    assertThat(Spread.of(List.of(1.0, 2.0, 4.0)).format(1)).isEqualTo("2.0 [1.0-4.0]");
    assertThat(Spread.single(7.25).format(2)).isEqualTo("7.25");
  }

  @Test
  void refusesNoMeasurements() {
    assertThatThrownBy(() -> Spread.of(List.of())).hasMessageContaining("no measurements");
  }
}
