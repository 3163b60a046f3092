package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
  private static final long MIB = 1024 * 1024;
  private static final long LIMIT = 1536 * MIB;

  /** Ten minutes sampled every 15 s, RSS in MiB as a function of seconds. */
  private static List<SoakSample> soak(DoubleUnaryOperator rssMib) {
    List<SoakSample> samples = new ArrayList<>();
    for (int t = 15; t <= 600; t += 15) {
      samples.add(new SoakSample(t, (long) (rssMib.applyAsDouble(t) * MIB), t * 40L, t * 40L, t));
    }
    return samples;
  }

  @Test
  void aPlateauAfterTheFirstMinuteIsFlatWhateverTheStartUpGrowth() {
    // start-up: 400 MiB climbing to 1,000 within the first minute, then level with noise
    SoakVerdict verdict =
        SoakVerdict.of(soak(t -> t < 60 ? 400 + 10 * t : 1000 + (t % 30 == 0 ? 20 : -20)), LIMIT);

    assertThat(verdict.flat()).isTrue();
    assertThat(verdict.underLimit()).isTrue();
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.growth()).isCloseTo(0, within(0.05));
    assertThat(verdict.slopeMibPerMinute()).isCloseTo(0, within(1.0));
  }

  @Test
  void aSteadyLeakIsNotFlatAndShowsAsASlope() {
    SoakVerdict verdict = SoakVerdict.of(soak(t -> 800 + t / 60.0 * 20), LIMIT); // +20 MiB/min

    assertThat(verdict.flat()).isFalse();
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.slopeMibPerMinute()).isCloseTo(20, within(0.01));
    assertThat(verdict.growth()).isGreaterThan(SoakVerdict.MAX_GROWTH);
  }

  @Test
  void aFlatRunAtTheLimitFails() {
    SoakVerdict verdict = SoakVerdict.of(soak(t -> t == 300 ? 1536 : 1400), LIMIT);

    assertThat(verdict.flat()).isTrue();
    assertThat(verdict.underLimit()).isFalse();
    assertThat(verdict.maxBytes()).isEqualTo(LIMIT);
    assertThat(verdict.passed()).isFalse();
  }

  @Test
  void aRunTooShortToJudgeIsRefusedWithWhatToDo() {
    List<SoakSample> oneMinute = soak(t -> 900).subList(0, 4);

    assertThatThrownBy(() -> SoakVerdict.of(oneMinute, LIMIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two minutes");
  }
}
