package io.mnasnet.inference.runtime;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * {@link RuntimeOptions} checked against the machine: whether a GPU is used, the {@link
 * ConfigProto} for every Session and SavedModel, and the device to place graphs on.
 *
 * <ul>
 *   <li>Graphs built here: {@link #place(Ops)} pins their ops to {@code /GPU:0} when the GPU is
 *       used (TensorFlow falls back to the CPU per op only for ops without a GPU kernel, e.g. image
 *       decoding, thanks to soft placement).
 *   <li>Loaded SavedModels: exported graphs carry no device, so TensorFlow places them on the GPU
 *       when one is visible; for the CPU the config hides the GPUs.
 * </ul>
 *
 * @param options what was asked for
 * @param gpu whether the GPU is used
 * @param config the session configuration (threads; GPUs hidden when not used)
 */
public record ResolvedRuntime(RuntimeOptions options, boolean gpu, ConfigProto config) {

  private static final Logger LOG = LoggerFactory.getLogger(ResolvedRuntime.class);
  private static final DeviceSpec GPU_0 =
      DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build();

  static ResolvedRuntime of(RuntimeOptions options) {
    ConfigProto.Builder config = options.baseConfig();
    switch (options.device()) {
      case CPU -> {
        return cpu(options, config);
      }
      case GPU -> {
        Optional<String> problem = gpuProblem(config.build());
        if (problem.isPresent()) {
          throw new IllegalStateException(
              "--device gpu: TensorFlow sees no usable GPU ("
                  + problem.get()
                  + "). Use --device cpu or auto, or run the GPU build (Maven profile -Pgpu, with"
                  + " CUDA 12 and cuDNN 9 installed) on a machine with an NVIDIA GPU.");
        }
        return new ResolvedRuntime(options, true, config.setAllowSoftPlacement(true).build());
      }
      default -> {
        if (gpuProblem(config.build()).isEmpty()) {
          LOG.info("--device auto: using /GPU:0");
          return new ResolvedRuntime(options, true, config.setAllowSoftPlacement(true).build());
        }
        LOG.info("--device auto: no GPU visible to TensorFlow, running on the CPU");
        return cpu(options, config);
      }
    }
  }

  private static ResolvedRuntime cpu(RuntimeOptions options, ConfigProto.Builder config) {
    return new ResolvedRuntime(options, false, config.putDeviceCount("GPU", 0).build());
  }

  /**
   * Runs one tiny op pinned to {@code /GPU:0} without soft placement: it fails unless TensorFlow
   * has a GPU device. (TensorFlow Java has no device listing.) Being the first Session of the
   * process, it also fixes the thread pools from {@code config}.
   */
  private static Optional<String> gpuProblem(ConfigProto config) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph).withDevice(GPU_0);
      var probe = tf.math.add(tf.constant(1f), tf.constant(1f));
      try (Session session =
          new Session(graph, config.toBuilder().setAllowSoftPlacement(false).build())) {
        session.runner().fetch(probe).run().close();
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Optional.of(message.lines().findFirst().orElse(message).trim());
    }
  }

  /** {@code tf} pinned to {@code /GPU:0} when the GPU is used, else unchanged. */
  public Ops place(Ops tf) {
    return gpu ? tf.withDevice(GPU_0) : tf;
  }

  /**
   * Concurrent parts an inference batch is split into: {@link RuntimeOptions#shards()}, except that
   * a GPU asked for automatically gets whole batches (it wants them full).
   */
  public int inferenceShards() {
    return gpu && options.inferenceShards() == RuntimeOptions.AUTO_SHARDS ? 1 : options.shards();
  }

  /** A Session on {@code graph} with this configuration. */
  public Session session(Graph graph) {
    return new Session(graph, config);
  }
}
