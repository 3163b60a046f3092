package io.mnasnet.inference.runtime;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.KernelDef;
import org.tensorflow.proto.KernelList;

/**
 * Whether TensorFlow can run on a GPU here, in two steps (TensorFlow Java has no device listing):
 * whether the native library is the GPU build at all, which needs no Session, then whether a tiny
 * op pinned to {@code /GPU:0} runs.
 */
final class GpuProbe {

  /** An op every build registers; the GPU build also registers its GPU kernel. */
  private static final String PROBE_OP = "AddV2";

  private GpuProbe() {}

  /**
   * Why the loaded native library cannot use a GPU, if it is the CPU build: it registers no GPU
   * kernel. Creates no Session, so TensorFlow's thread pools are left unsized.
   */
  static Optional<String> withoutGpuKernels() {
    TensorFlow.version(); // loads the native library
    TF_Status status = TF_Status.newStatus();
    TF_Buffer kernels = TF_GetRegisteredKernelsForOp(PROBE_OP, status);
    try {
      status.throwExceptionIfNotOK();
      boolean gpuKernel =
          KernelList.parseFrom(kernels.dataAsByteBuffer()).getKernelList().stream()
              .map(KernelDef::getDeviceType)
              .anyMatch("GPU"::equals);
      return gpuKernel
          ? Optional.empty()
          : Optional.of("the TensorFlow native library is the CPU build: it has no GPU kernels");
    } catch (InvalidProtocolBufferException e) {
      return Optional.of("cannot read TensorFlow's kernel list: " + e.getMessage());
    } finally {
      if (kernels != null) {
        TF_DeleteBuffer(kernels);
      }
      status.delete();
    }
  }

  /**
   * Why no GPU device is usable, if none is: runs one tiny op pinned to {@code /GPU:0} without soft
   * placement, which fails unless TensorFlow has a GPU device. Being the first Session of the
   * process, it fixes the thread pools and the GPU memory allocator from {@code config}.
   */
  static Optional<String> withoutGpuDevice(ConfigProto config) {
    return withoutGpuDevice(config, ResolvedRuntime.GPU_0);
  }

  /** Why {@code device} is not usable with {@code config}, if it is not (as above). */
  static Optional<String> withoutGpuDevice(ConfigProto config, DeviceSpec device) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph).withDevice(device);
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
}
