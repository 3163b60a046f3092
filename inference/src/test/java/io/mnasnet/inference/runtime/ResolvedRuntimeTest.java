package io.mnasnet.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * Both branches of the runtime, read back from what TensorFlow receives. The GPU branch is built
 * with the public constructor, as {@code resolve()} builds it when the probe finds a GPU: no GPU is
 * needed to check what a GPU process would be given.
 */
class ResolvedRuntimeTest {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void cpuHidesTheGpuAndSplitsBatchesOneThreadPerShard() {
    ResolvedRuntime cpu = ResolvedRuntime.cpu(new RuntimeOptions(Device.CPU, 0, 0, 4));

    assertThat(cpu.gpu()).isFalse();
    assertThat(cpu.inferenceShards()).isEqualTo(4);
    ConfigProto config = cpu.config();
    assertThat(config.getDeviceCountMap()).containsEntry("GPU", 0);
    assertThat(config.getIntraOpParallelismThreads()).isEqualTo(1);
    assertThat(config.getInterOpParallelismThreads()).isEqualTo(4);
    assertThat(config.hasGpuOptions()).isFalse();
  }

  @Test
  void cpuAutoMakesOneShardPerCoreEachOnOneThread() {
    assumeTrue(
        CORES > 1,
        "this machine has 1 core: auto makes one shard and leaves TensorFlow's thread defaults"
            + " (oneShardLeavesTensorFlowsThreadDefaults); the split per core needs 2 or more");
    ResolvedRuntime auto = ResolvedRuntime.cpu(RuntimeOptions.DEFAULT);

    assertThat(auto.inferenceShards()).isEqualTo(CORES);
    assertThat(auto.config().getIntraOpParallelismThreads()).isEqualTo(1);
    assertThat(auto.config().getInterOpParallelismThreads()).isEqualTo(CORES);
  }

  @Test
  void oneShardLeavesTensorFlowsThreadDefaults() {
    ResolvedRuntime oneShard = ResolvedRuntime.cpu(new RuntimeOptions(Device.CPU, 0, 0, 1));

    assertThat(oneShard.inferenceShards()).isEqualTo(1);
    assertThat(oneShard.config().getIntraOpParallelismThreads()).isZero();
    assertThat(oneShard.config().getInterOpParallelismThreads()).isZero();
  }

  @Test
  void cpuAutoShardsFollowTheCoresAndExplicitThreadsWin() {
    assertThat(ResolvedRuntime.cpu(RuntimeOptions.DEFAULT).inferenceShards()).isEqualTo(CORES);

    ConfigProto explicit = ResolvedRuntime.cpu(new RuntimeOptions(Device.CPU, 3, 5, 2)).config();
    assertThat(explicit.getIntraOpParallelismThreads()).isEqualTo(3);
    assertThat(explicit.getInterOpParallelismThreads()).isEqualTo(5);

    // training: one shard, TensorFlow's own thread defaults (0 = unset)
    ConfigProto training = ResolvedRuntime.cpu(RuntimeOptions.on(Device.CPU)).config();
    assertThat(training.getIntraOpParallelismThreads()).isZero();
    assertThat(training.getInterOpParallelismThreads()).isZero();
    assertThat(training.getDeviceCountMap()).containsEntry("GPU", 0);
  }

  @Test
  void gpuGrowsItsMemoryOnDemandCallsWholeBatchesAndLeavesCpuThreadsForDecoding() {
    ResolvedRuntime gpu = new ResolvedRuntime(RuntimeOptions.DEFAULT, true);

    assertThat(gpu.inferenceShards()).isEqualTo(1);
    ConfigProto config = gpu.config();
    assertThat(config.getDeviceCountMap()).doesNotContainKey("GPU");
    assertThat(config.getAllowSoftPlacement()).as("decode ops fall back to the CPU").isTrue();
    assertThat(config.getGpuOptions().getVisibleDeviceList()).isEqualTo("0");
    assertThat(config.getGpuOptions().getAllowGrowth()).isTrue();
    assertThat(config.getGpuOptions().getPerProcessGpuMemoryFraction()).isZero();
    // 0 = TensorFlow's default, one thread per core: not the CPU branch's one thread per shard
    assertThat(config.getIntraOpParallelismThreads()).isZero();
    assertThat(config.getInterOpParallelismThreads()).isZero();
  }

  @Test
  void gpuTakesAFixedMemoryFractionAndExplicitShardsAndThreadsWhenAsked() {
    RuntimeOptions options = new RuntimeOptions(Device.GPU, 2, 6, 3).withGpuMemoryFraction(0.4);
    ResolvedRuntime gpu = new ResolvedRuntime(options, true);

    assertThat(gpu.inferenceShards()).isEqualTo(3);
    ConfigProto config = gpu.config();
    assertThat(config.getGpuOptions().getAllowGrowth()).isFalse();
    assertThat(config.getGpuOptions().getPerProcessGpuMemoryFraction()).isEqualTo(0.4);
    assertThat(config.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(config.getInterOpParallelismThreads()).isEqualTo(6);
  }

  @Test
  void placesGraphsOnTheFirstGpuOnlyInTheGpuBranch() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var onGpu = new ResolvedRuntime(RuntimeOptions.DEFAULT, true).place(tf).constant(1f);
      var onCpu = ResolvedRuntime.cpu(RuntimeOptions.DEFAULT).place(tf).constant(1f);

      assertThat(((GraphOperation) onGpu.op()).device()).isEqualTo("/device:GPU:0");
      assertThat(((GraphOperation) onCpu.op()).device()).isEmpty();
    }
  }

  @Test
  void cpuCannotBeResolvedToTheGpu() {
    assertThatThrownBy(() -> new ResolvedRuntime(RuntimeOptions.on(Device.CPU), true))
        .hasMessageContaining("--device cpu");
  }

  @Test
  void aGpuFoundByTheProbeIsUsedAndTheProbeAlreadyCarriesTheGpuSettings() {
    List<ConfigProto> probed = new ArrayList<>();
    RuntimeOptions options = RuntimeOptions.DEFAULT.withGpuMemoryFraction(0.3);

    ResolvedRuntime runtime =
        ResolvedRuntime.of(
            options,
            Optional::empty,
            config -> {
              probed.add(config);
              return Optional.empty();
            });

    assertThat(runtime.gpu()).isTrue();
    assertThat(runtime.inferenceShards()).isEqualTo(1);
    // the probe is the process's first Session: TensorFlow keeps its threads and memory settings
    assertThat(probed).containsExactly(runtime.config());
    assertThat(probed.get(0).getGpuOptions().getPerProcessGpuMemoryFraction()).isEqualTo(0.3);
  }

  @Test
  void withTheCpuBuildAutoDecidesWithoutASessionAndGpuFailsSayingWhy() {
    Function<ConfigProto, Optional<String>> noSessionExpected =
        config -> {
          throw new AssertionError("no probe Session: it would size the thread pools");
        };

    ResolvedRuntime auto =
        ResolvedRuntime.of(
            RuntimeOptions.DEFAULT, () -> Optional.of("the CPU build"), noSessionExpected);
    assertThat(auto.gpu()).isFalse();
    assertThat(auto.inferenceShards()).isEqualTo(CORES);

    assertThatThrownBy(
            () ->
                ResolvedRuntime.of(
                    RuntimeOptions.on(Device.GPU),
                    () -> Optional.of("the CPU build"),
                    noSessionExpected))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the CPU build")
        .hasMessageContaining("--device cpu or auto");
  }

  @Test
  void whenTheGpuBuildFindsNoGpuAutoRunsWholeBatchesOnThePoolsTheProbeSized() {
    ResolvedRuntime auto =
        ResolvedRuntime.of(
            RuntimeOptions.DEFAULT, Optional::empty, config -> Optional.of("no CUDA device"));

    assertThat(auto.gpu()).isFalse();
    assertThat(auto.inferenceShards()).isEqualTo(1);
    ConfigProto config = auto.config();
    assertThat(config.getDeviceCountMap()).containsEntry("GPU", 0);
    assertThat(config.getIntraOpParallelismThreads()).isZero();
    assertThat(config.getInterOpParallelismThreads()).isZero();
  }

  @Test
  void onTheCpuBuildAutoRunsOnTheCpuAndGpuSaysWhy() {
    // This project's default build is the CPU one (-Pgpu swaps in the GPU build); with it the
    // decision needs no Session, and the explanation names the build.
    assumeTrue(
        GpuProbe.withoutGpuKernels().isPresent(),
        "the GPU build of TensorFlow is loaded (-Pgpu): this test is about the CPU build");

    ResolvedRuntime auto = RuntimeOptions.DEFAULT.resolve();
    assertThat(auto.gpu()).isFalse();
    assertThat(auto.inferenceShards()).isEqualTo(CORES);
    assertThat(auto.config().getDeviceCountMap()).containsEntry("GPU", 0);

    assertThatThrownBy(() -> RuntimeOptions.on(Device.GPU).resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CPU build")
        .hasMessageContaining("--device cpu or auto");
  }
}
