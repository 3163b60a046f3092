package io.mnasnet.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void autoShardsAreOnePerCoreOrPerIntraOpThreadGroup() {
    assertThat(new RuntimeOptions(Device.CPU, 0, 0, RuntimeOptions.AUTO_SHARDS).cpuShards())
        .isEqualTo(CORES);
    assertThat(new RuntimeOptions(Device.CPU, CORES, 0, RuntimeOptions.AUTO_SHARDS).cpuShards())
        .isEqualTo(1);
    assertThat(new RuntimeOptions(Device.CPU, 0, 0, 3).cpuShards()).isEqualTo(3);
    assertThat(RuntimeOptions.on(Device.CPU).cpuShards()).as("training").isEqualTo(1);
  }

  @Test
  void gpuMemoryIsOnDemandUnlessAFractionIsGiven() {
    assertThat(RuntimeOptions.DEFAULT.gpuMemoryFraction())
        .isEqualTo(RuntimeOptions.GPU_MEMORY_ON_DEMAND);
    assertThat(RuntimeOptions.DEFAULT.withGpuMemoryFraction(0.45).gpuMemoryFraction())
        .isEqualTo(0.45);
    assertThat(RuntimeOptions.DEFAULT.withGpuMemoryFraction(1).gpuMemoryFraction()).isEqualTo(1);
  }

  @Test
  void rejectsNegativeThreadsAndFractionsOutsideZeroToOne() {
    assertThatThrownBy(() -> new RuntimeOptions(Device.CPU, -1, 0, 0))
        .hasMessageContaining("intra-op -1");
    assertThatThrownBy(() -> new RuntimeOptions(Device.CPU, 0, 0, -2))
        .hasMessageContaining("inference shards -2");
    for (double fraction : new double[] {-0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> RuntimeOptions.DEFAULT.withGpuMemoryFraction(fraction))
          .hasMessageContaining("GPU memory fraction must be 0 (grow on demand) or in (0, 1]");
    }
    assertThatThrownBy(() -> new RuntimeOptions(null, 0, 0)).hasMessage("device is required");
  }
}
