package io.mnasnet.trainer.runtime;

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
 */
public record RuntimeOptions(Device device, int intraOpThreads, int interOpThreads) {

  /** CPU or GPU as available, TensorFlow's thread defaults. */
  public static final RuntimeOptions DEFAULT = new RuntimeOptions(Device.AUTO, 0, 0);

  public RuntimeOptions {
    if (device == null) {
      throw new IllegalArgumentException("device is required");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be 0 (TensorFlow's default) or positive, got intra-op "
              + intraOpThreads
              + ", inter-op "
              + interOpThreads);
    }
  }

  /** Only the device; TensorFlow's thread defaults. */
  public static RuntimeOptions on(Device device) {
    return new RuntimeOptions(device, 0, 0);
  }

  /**
   * Checks the device: {@code GPU} fails here if TensorFlow sees no GPU, {@code AUTO} picks one.
   *
   * @throws IllegalStateException for {@code GPU} without a usable GPU, saying why and what to do
   */
  public ResolvedRuntime resolve() {
    return ResolvedRuntime.of(this);
  }

  ConfigProto.Builder baseConfig() {
    ConfigProto.Builder config = ConfigProto.newBuilder();
    if (intraOpThreads > 0) {
      config.setIntraOpParallelismThreads(intraOpThreads);
    }
    if (interOpThreads > 0) {
      config.setInterOpParallelismThreads(interOpThreads);
    }
    return config;
  }
}
