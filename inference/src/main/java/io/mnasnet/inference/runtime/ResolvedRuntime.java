package io.mnasnet.inference.runtime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * {@link RuntimeOptions} checked against the machine: whether the GPU is used, and the one place
 * where Sessions and SavedModels get their {@link ConfigProto}. Every Session of the process is
 * made by {@link #session(Graph)} or {@link #loadSavedModel(Path, String)}, so {@code --device cpu}
 * hides the GPU from all of them and a GPU process never takes the whole GPU.
 *
 * <p>The two branches:
 *
 * <ul>
 *   <li><b>CPU</b>: GPUs hidden ({@code device_count {GPU: 0}}). Inference batches are split into
 *       {@link #inferenceShards()} concurrent calls, one intra-op thread each and one inter-op
 *       thread per shard, unless the options set thread counts.
 *   <li><b>GPU</b>: only the first GPU ({@code visible_device_list "0"}; pick it with {@code
 *       CUDA_VISIBLE_DEVICES}); memory grown on demand ({@code allow_growth}) or a fixed {@code
 *       per_process_gpu_memory_fraction}; soft placement, so ops without a GPU kernel (JPEG/PNG
 *       decoding in the {@code serving_encoded} signature) run on the CPU. Batches are called
 *       whole, and the CPU thread pools keep TensorFlow's sizes (one thread per core) unless the
 *       options set them: in pools sized for the CPU branch's many small shards (one thread inside
 *       each op), a whole batch's CPU-side work, that decoding and its resizing, would get one
 *       thread per op.
 * </ul>
 *
 * Graphs built here are pinned by {@link #place(Ops)}; exported SavedModels carry no device and
 * TensorFlow places them on the visible GPU.
 *
 * <p>Data-parallel training ({@link #withReplicas(int)}) makes one device per replica: on a GPU
 * host the first {@code replicas} GPUs ({@code visible_device_list "0,1,..."}), replica {@code i}
 * on {@code /device:GPU:i}; on the CPU, {@code device_count {CPU: replicas}} virtual devices
 * sharing the cores, replica {@code i} on {@code /device:CPU:i}, each op of a replica on {@code
 * threads / replicas} intra-op threads and the replicas side by side on the inter-op pool (as
 * inference shards do).
 *
 * @param options what was asked for
 * @param gpu whether the GPU is used
 * @param replicas devices a replicated training graph spans, >= 1
 */
public record ResolvedRuntime(RuntimeOptions options, boolean gpu, int replicas) {

  private static final Logger LOG = LoggerFactory.getLogger(ResolvedRuntime.class);

  /** The device {@link #place(Ops)} pins GPU graphs to. */
  static final DeviceSpec GPU_0 =
      DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build();

  private static final DeviceSpec CPU_0 =
      DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();

  public ResolvedRuntime {
    if (options == null) {
      throw new IllegalArgumentException("options are required");
    }
    if (gpu && options.device() == Device.CPU) {
      throw new IllegalArgumentException("--device cpu cannot resolve to the GPU");
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
    }
  }

  /** One device: what inference and single-replica training use. */
  public ResolvedRuntime(RuntimeOptions options, boolean gpu) {
    this(options, gpu, 1);
  }

  /**
   * This runtime with one device per data-parallel replica. Call it before any Session of the
   * process is made (the CPU branch sizes TensorFlow's thread pools for the replicas).
   *
   * @throws IllegalStateException on a GPU host with fewer than {@code replicas} GPUs visible
   */
  public ResolvedRuntime withReplicas(int replicas) {
    return withReplicas(replicas, GpuProbe::withoutGpuDevice);
  }

  /** {@link #withReplicas(int)} with the device probe passed in (tests pass their own). */
  ResolvedRuntime withReplicas(
      int replicas, BiFunction<ConfigProto, DeviceSpec, Optional<String>> withoutDevice) {
    ResolvedRuntime replicated = new ResolvedRuntime(options, gpu, replicas);
    if (gpu && replicas > 1) {
      // soft placement would quietly move a missing GPU's replica onto another device
      Optional<String> problem =
          withoutDevice.apply(replicated.config(), replicated.replicaDevice(replicas - 1));
      if (problem.isPresent()) {
        throw new IllegalStateException(
            "--replicas "
                + replicas
                + " needs "
                + replicas
                + " GPUs, but TensorFlow cannot use "
                + replicated.replicaDevice(replicas - 1)
                + " ("
                + problem.get()
                + "). Use --replicas with at most the number of GPUs (CUDA_VISIBLE_DEVICES picks"
                + " them).");
      }
    }
    return replicated;
  }

  /** Where replica {@code index} of a replicated training graph runs. */
  public DeviceSpec replicaDevice(int index) {
    if (index < 0 || index >= replicas) {
      throw new IllegalArgumentException(
          "replica " + index + " of " + replicas + " does not exist");
    }
    return DeviceSpec.newBuilder()
        .deviceType(gpu ? DeviceSpec.DeviceType.GPU : DeviceSpec.DeviceType.CPU)
        .deviceIndex(index)
        .build();
  }

  /**
   * Where a replicated training graph keeps its variables, combines the gradients and updates: the
   * first replica's device (as PyTorch's {@code DataParallel} reduces onto its first GPU).
   */
  public DeviceSpec parameterDevice() {
    return replicaDevice(0);
  }

  /** The host's CPU, where fed batches arrive and are split between the replicas. */
  public DeviceSpec hostDevice() {
    return CPU_0;
  }

  /**
   * The CPU runtime with TensorFlow's thread defaults and no batch splitting, for processes whose
   * Sessions only move weights (importing, exporting): they never need a GPU, so they never touch
   * one.
   */
  public static ResolvedRuntime cpuOnly() {
    return cpu(RuntimeOptions.on(Device.CPU));
  }

  /** The CPU runtime for {@code options} (no GPU check needed: the GPU is hidden). */
  public static ResolvedRuntime cpu(RuntimeOptions options) {
    return new ResolvedRuntime(options, false);
  }

  static ResolvedRuntime of(RuntimeOptions options) {
    return of(options, GpuProbe::withoutGpuKernels, GpuProbe::withoutGpuDevice);
  }

  /**
   * The decision, with the two probes of {@link GpuProbe} passed in (tests pass their own).
   *
   * @param withoutGpuKernels why the native library cannot use a GPU, if so (no Session)
   * @param withoutGpuDevice why a Session with the given config finds no GPU, if so
   */
  static ResolvedRuntime of(
      RuntimeOptions options,
      Supplier<Optional<String>> withoutGpuKernels,
      Function<ConfigProto, Optional<String>> withoutGpuDevice) {
    if (options.device() == Device.CPU) {
      return cpu(options);
    }
    ResolvedRuntime onGpu = new ResolvedRuntime(options, true);
    // The CPU build has no GPU kernels: known without a Session, so the thread pools are still
    // free to be sized for the CPU.
    Optional<String> problem = withoutGpuKernels.get();
    boolean probed = problem.isEmpty();
    if (probed) {
      // The probe is the first Session of the process, so it carries the GPU branch's threads and
      // memory settings: if the GPU is there, they are the ones TensorFlow keeps.
      problem = withoutGpuDevice.apply(onGpu.config());
    }
    if (problem.isEmpty()) {
      LOG.info("--device {}: using /GPU:0", options.device().name().toLowerCase(Locale.ROOT));
      return onGpu;
    }
    if (options.device() == Device.GPU) {
      throw new IllegalStateException(
          "--device gpu: TensorFlow sees no usable GPU ("
              + problem.get()
              + "). Use --device cpu or auto, or run the GPU build (Maven profile -Pgpu, with"
              + " CUDA 12 and cuDNN 9 installed) on a machine with an NVIDIA GPU.");
    }
    LOG.info("--device auto: running on the CPU ({})", problem.get());
    if (probed && options.inferenceShards() == RuntimeOptions.AUTO_SHARDS) {
      // TensorFlow has sized its thread pools for the GPU branch (one thread per core inside each
      // op): splitting batches on top of that would oversubscribe the cores.
      LOG.warn(
          "--device auto: the GPU build found no GPU; batches run whole on all cores. On a"
              + " CPU-only machine use --device cpu to split them across cores (1.2-2x faster).");
      return cpu(
          new RuntimeOptions(
              options.device(),
              options.intraOpThreads(),
              options.interOpThreads(),
              1,
              options.gpuMemoryFraction()));
    }
    return cpu(options);
  }

  /**
   * Concurrent parts an inference batch is split into: on the CPU {@link
   * RuntimeOptions#cpuShards()}; on a GPU whole batches (it wants them full) unless the options ask
   * for a number.
   */
  public int inferenceShards() {
    if (gpu) {
      return options.inferenceShards() == RuntimeOptions.AUTO_SHARDS
          ? 1
          : options.inferenceShards();
    }
    return options.cpuShards();
  }

  /** The configuration of every Session and SavedModel of this runtime. */
  public ConfigProto config() {
    ConfigProto.Builder config = ConfigProto.newBuilder();
    int intra = options.intraOpThreads();
    int inter = options.interOpThreads();
    if (gpu) {
      config.setAllowSoftPlacement(true).setGpuOptions(gpuOptions());
    } else {
      config.putDeviceCount("GPU", 0);
      if (replicas > 1) {
        config.putDeviceCount("CPU", replicas);
        // each replica's ops on its share of the cores, the replicas side by side
        int total = intra == 0 ? Runtime.getRuntime().availableProcessors() : intra;
        intra = Math.max(1, total / replicas);
        inter = Math.max(inter, replicas);
      }
      // Several shards: each shard's ops on one thread, the shards side by side. On this model
      // the cores then work on different images instead of synchronising inside every small op,
      // measured 1.2-2x faster than TensorFlow's defaults at every batch size (BENCHMARKS.md).
      int shards = inferenceShards();
      if (shards > 1) {
        intra = intra == 0 ? 1 : intra;
        inter = inter == 0 ? shards : inter;
      }
    }
    if (intra > 0) {
      config.setIntraOpParallelismThreads(intra);
    }
    if (inter > 0) {
      config.setInterOpParallelismThreads(inter);
    }
    return config.build();
  }

  private GPUOptions gpuOptions() {
    StringBuilder visible = new StringBuilder("0");
    for (int i = 1; i < replicas; i++) {
      visible.append(',').append(i);
    }
    GPUOptions.Builder gpuOptions =
        GPUOptions.newBuilder().setVisibleDeviceList(visible.toString());
    if (options.gpuMemoryFraction() == RuntimeOptions.GPU_MEMORY_ON_DEMAND) {
      gpuOptions.setAllowGrowth(true);
    } else {
      gpuOptions.setPerProcessGpuMemoryFraction(options.gpuMemoryFraction());
    }
    return gpuOptions.build();
  }

  /** {@code tf} pinned to {@code /GPU:0} when the GPU is used, else unchanged. */
  public Ops place(Ops tf) {
    return gpu ? tf.withDevice(GPU_0) : tf;
  }

  /** A Session on {@code graph} with this configuration. */
  public Session session(Graph graph) {
    return new Session(graph, config());
  }

  /** The SavedModel in {@code dir} with tag {@code tag}, loaded with this configuration. */
  public SavedModelBundle loadSavedModel(Path dir, String tag) {
    return SavedModelBundle.loader(dir.toString()).withTags(tag).withConfigProto(config()).load();
  }
}
