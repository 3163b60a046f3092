package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyRateTest {

  private static List<OutputRecorder.Arrival> burst(long atMs, int count) {
    List<OutputRecorder.Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      arrivals.add(new OutputRecorder.Arrival(atMs, 0, 32));
    }
    return arrivals;
  }

  @Test
  void leavesOutTheFirstCommitBurstWithItsStartUp() {
    // sent at t=0; nothing visible until the first commit at 3 s (start-up), then 100 images per
    // 1 s commit: the steady rate is 100/s, not 400 / 6 s
    List<OutputRecorder.Arrival> arrivals = new ArrayList<>(burst(3000, 100));
    arrivals.addAll(burst(4000, 100));
    arrivals.addAll(burst(5000, 100));
    arrivals.addAll(burst(6000, 100));

    assertThat(PipelineSuite.steadyRate(arrivals, 0)).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void singleBurstFallsBackToTimeSinceTheFirstSend() {
    assertThat(PipelineSuite.steadyRate(burst(2000, 50), 0)).isCloseTo(25.0, within(1e-9));
  }
}
