package io.mnasnet.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/**
 * The decisions {@link ResolvedRuntime#withReplicas} makes for data-parallel training, checked
 * without a GPU: which devices exist, where each replica goes, and when it refuses.
 */
class ReplicaDevicesTest {

  @Test
  void onTheCpuEveryReplicaGetsAVirtualDeviceAndItsShareOfTheThreads() {
    ResolvedRuntime cpu = ResolvedRuntime.cpu(new RuntimeOptions(Device.CPU, 2, 2)).withReplicas(2);
    ConfigProto config = cpu.config();
    assertThat(config.getDeviceCountMap()).containsEntry("CPU", 2).containsEntry("GPU", 0);
    assertThat(config.getIntraOpParallelismThreads()).isEqualTo(1);
    assertThat(config.getInterOpParallelismThreads()).isEqualTo(2);
    assertThat(cpu.replicaDevice(1).toString()).isEqualTo("/device:CPU:1");
    assertThat(cpu.parameterDevice().toString()).isEqualTo("/device:CPU:0");
  }

  @Test
  void oneReplicaLeavesTheConfigurationAsItWas() {
    ResolvedRuntime cpu = ResolvedRuntime.cpu(new RuntimeOptions(Device.CPU, 2, 2));
    assertThat(cpu.withReplicas(1).config()).isEqualTo(cpu.config());
  }

  @Test
  void onAGpuHostReplicaIRunsOnGpuIAndTheFirstNGpusAreVisible() {
    List<String> probed = new ArrayList<>();
    ResolvedRuntime gpus =
        new ResolvedRuntime(RuntimeOptions.on(Device.GPU), true)
            .withReplicas(
                3,
                (config, device) -> {
                  probed.add(config.getGpuOptions().getVisibleDeviceList() + " " + device);
                  return Optional.empty();
                });
    assertThat(gpus.config().getGpuOptions().getVisibleDeviceList()).isEqualTo("0,1,2");
    assertThat(gpus.replicaDevice(2).toString()).isEqualTo("/device:GPU:2");
    assertThat(gpus.parameterDevice().toString()).isEqualTo("/device:GPU:0");
    assertThat(gpus.hostDevice().toString()).isEqualTo("/device:CPU:0");
    // the last replica's GPU is the one that must exist
    assertThat(probed).containsExactly("0,1,2 /device:GPU:2");
  }

  @Test
  void moreReplicasThanGpusFailsAtStartSayingWhatToDo() {
    ResolvedRuntime gpu = new ResolvedRuntime(RuntimeOptions.on(Device.GPU), true);
    assertThatThrownBy(
            () ->
                gpu.withReplicas(
                    2, (config, device) -> Optional.of("Could not satisfy device " + device)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--replicas 2 needs 2 GPUs")
        .hasMessageContaining("/device:GPU:1")
        .hasMessageContaining("CUDA_VISIBLE_DEVICES");
  }

  @Test
  void aReplicaThatDoesNotExistIsRefused() {
    ResolvedRuntime cpu = ResolvedRuntime.cpuOnly().withReplicas(2);
    assertThatThrownBy(() -> cpu.replicaDevice(2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cpu.withReplicas(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
