package io.mnasnet.inference.runtime;

/**
 * How TensorFlow runs: on which device, with how many threads and how much GPU memory. Parsed once
 * at the edge (the {@code --device}, {@code --intra-op-threads}, {@code --inter-op-threads}, {@code
 * --inference-shards} and {@code --gpu-memory-fraction} options, or the streaming app's settings)
 * and resolved into a {@link ResolvedRuntime} before any model is built or loaded.
 *
 * <p>TensorFlow creates its thread pools, and on a GPU its memory allocator, with the
 * <em>first</em> Session of the process; the same settings in later Sessions are ignored. Resolve
 * the options before anything else touches TensorFlow, and create every Session through the {@link
 * ResolvedRuntime}.
 *
 * @param device where to run
 * @param intraOpThreads threads inside one op (e.g. one convolution); 0 lets TensorFlow choose (one
 *     per core)
 * @param interOpThreads ops run in parallel; 0 lets TensorFlow choose
 * @param inferenceShards parts an inference batch is split into, each run by its own thread as a
 *     concurrent Session call; {@link #AUTO_SHARDS} = one per core on the CPU (each with one
 *     intra-op thread unless {@code intraOpThreads} says otherwise) and whole batches on a GPU,
 *     {@code 1} = no splitting (training always uses 1)
 * @param gpuMemoryFraction on a GPU, the share of its memory this process reserves up front, in (0,
 *     1]; {@link #GPU_MEMORY_ON_DEMAND} (0) = start small and grow as needed. Either way the
 *     process does not take the whole GPU, so several processes can share one.
 */
public record RuntimeOptions(
    Device device,
    int intraOpThreads,
    int interOpThreads,
    int inferenceShards,
    double gpuMemoryFraction) {

  /** {@code inferenceShards}: one shard per core on the CPU, whole batches on a GPU. */
  public static final int AUTO_SHARDS = 0;

  /** {@code gpuMemoryFraction}: allocate GPU memory as needed ({@code allow_growth}). */
  public static final double GPU_MEMORY_ON_DEMAND = 0;

  /** For inference: CPU or GPU as available, batches split across the cores on the CPU. */
  public static final RuntimeOptions DEFAULT =
      new RuntimeOptions(Device.AUTO, 0, 0, AUTO_SHARDS, GPU_MEMORY_ON_DEMAND);

  public RuntimeOptions {
    if (device == null) {
      throw new IllegalArgumentException("device is required");
    }
    if (intraOpThreads < 0 || interOpThreads < 0 || inferenceShards < 0) {
      throw new IllegalArgumentException(
          "thread counts must be 0 (TensorFlow's default) or positive, got intra-op "
              + intraOpThreads
              + ", inter-op "
              + interOpThreads
              + ", inference shards "
              + inferenceShards);
    }
    if (!(gpuMemoryFraction >= 0 && gpuMemoryFraction <= 1)) {
      throw new IllegalArgumentException(
          "the GPU memory fraction must be 0 (grow on demand) or in (0, 1], got "
              + gpuMemoryFraction);
    }
  }

  /** GPU memory allocated on demand. */
  public RuntimeOptions(
      Device device, int intraOpThreads, int interOpThreads, int inferenceShards) {
    this(device, intraOpThreads, interOpThreads, inferenceShards, GPU_MEMORY_ON_DEMAND);
  }

  /** Threads as given, no batch splitting, GPU memory on demand: what training uses. */
  public RuntimeOptions(Device device, int intraOpThreads, int interOpThreads) {
    this(device, intraOpThreads, interOpThreads, 1);
  }

  /** Only the device; TensorFlow's thread defaults, no batch splitting (training). */
  public static RuntimeOptions on(Device device) {
    return new RuntimeOptions(device, 0, 0);
  }

  /** These options with a fixed share of GPU memory (0 = on demand). */
  public RuntimeOptions withGpuMemoryFraction(double fraction) {
    return new RuntimeOptions(device, intraOpThreads, interOpThreads, inferenceShards, fraction);
  }

  /**
   * How many concurrent parts an inference batch is split into on the CPU: {@code inferenceShards},
   * or for {@link #AUTO_SHARDS} the cores divided by the intra-op threads (at least 1). {@link
   * ResolvedRuntime#inferenceShards()} is what a resolved runtime uses.
   */
  public int cpuShards() {
    if (inferenceShards != AUTO_SHARDS) {
      return inferenceShards;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(1, cores / Math.max(1, intraOpThreads));
  }

  /**
   * Checks the device: {@code GPU} fails here if TensorFlow sees no GPU, {@code AUTO} picks one.
   *
   * @throws IllegalStateException for {@code GPU} without a usable GPU, saying why and what to do
   */
  public ResolvedRuntime resolve() {
    return ResolvedRuntime.of(this);
  }
}
