package io.mnasnet.inference.runtime;

import org.tensorflow.proto.ConfigProto;

/**
 * How TensorFlow runs: on which device and with how many threads. Parsed once at the edge (the
 * {@code --device}, {@code --intra-op-threads} and {@code --inter-op-threads} options) and resolved
 * into a {@link ResolvedRuntime} before any model is built or loaded.
 *
 * <p>TensorFlow creates its thread pools with the <em>first</em> Session of the process; the thread
 * counts of later Sessions are ignored. Resolve the options before anything else touches
 * TensorFlow.
 *
 * @param device where to run
 * @param intraOpThreads threads inside one op (e.g. one convolution); 0 lets TensorFlow choose (one
 *     per core)
 * @param interOpThreads ops run in parallel; 0 lets TensorFlow choose
 * @param inferenceShards parts an inference batch is split into, each run by its own thread as a
 *     concurrent Session call; {@link #AUTO_SHARDS} = one per core on the CPU (each with one
 *     intra-op thread unless {@code intraOpThreads} says otherwise), {@code 1} = no splitting
 *     (training always uses 1)
 */
public record RuntimeOptions(
    Device device, int intraOpThreads, int interOpThreads, int inferenceShards) {

  /** {@code inferenceShards}: one shard per core (per {@code intraOpThreads} cores). */
  public static final int AUTO_SHARDS = 0;

  /** For inference: CPU or GPU as available, batches split across the cores. */
  public static final RuntimeOptions DEFAULT = new RuntimeOptions(Device.AUTO, 0, 0, AUTO_SHARDS);

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
  }

  /** Threads as given, no batch splitting: what training uses. */
  public RuntimeOptions(Device device, int intraOpThreads, int interOpThreads) {
    this(device, intraOpThreads, interOpThreads, 1);
  }

  /** Only the device; TensorFlow's thread defaults, no batch splitting (training). */
  public static RuntimeOptions on(Device device) {
    return new RuntimeOptions(device, 0, 0);
  }

  /**
   * How many concurrent parts an inference batch is split into: {@code inferenceShards}, or for
   * {@link #AUTO_SHARDS} the cores divided by the intra-op threads (at least 1).
   */
  public int shards() {
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

  /**
   * The thread settings. With several shards, each shard's ops run on one thread by default (one
   * intra-op thread) and the shards run side by side (one inter-op thread each): on this model the
   * cores then work on different images instead of synchronising inside every small op, which was
   * measured 1.2-2x faster than TensorFlow's defaults at every batch size (BENCHMARKS.md).
   */
  ConfigProto.Builder baseConfig() {
    int shards = shards();
    int intra = intraOpThreads == 0 && shards > 1 ? 1 : intraOpThreads;
    int inter = interOpThreads == 0 && shards > 1 ? shards : interOpThreads;
    ConfigProto.Builder config = ConfigProto.newBuilder();
    if (intra > 0) {
      config.setIntraOpParallelismThreads(intra);
    }
    if (inter > 0) {
      config.setInterOpParallelismThreads(inter);
    }
    return config;
  }
}
