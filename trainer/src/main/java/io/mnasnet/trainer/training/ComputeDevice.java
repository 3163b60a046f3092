package io.mnasnet.trainer.training;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.tensorflow.DeviceSpec;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Where the training graph runs, chosen on the command line with {@code --device}.
 *
 * <p>A GPU run needs TensorFlow's GPU build of the native library (build with {@code mvn -Pgpu},
 * which selects the {@code linux-x86_64-gpu} classifier of {@code tensorflow-core-native}) and, on
 * the host, an NVIDIA driver with CUDA 12 and cuDNN 9 libraries on the loader path. The CPU build
 * sees no GPU at all: {@link #GPU} then fails with a message saying so, {@link #AUTO} falls back to
 * the CPU.
 */
public enum ComputeDevice {
  /** CPU only; GPUs are hidden from TensorFlow. */
  CPU,
  /** The first GPU; fails if TensorFlow sees none. */
  GPU,
  /** The first GPU if TensorFlow sees one, otherwise the CPU. */
  AUTO;

  /**
   * The session configuration: intra- and inter-op thread counts (0 = TensorFlow's choice, one per
   * core), GPUs hidden for {@link #CPU}, GPU memory grown on demand otherwise. TensorFlow reads the
   * thread counts from the <em>first</em> session of the process only.
   */
  public ConfigProto sessionConfig(int threads) {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(threads);
    if (this == CPU) {
      config.putDeviceCount("GPU", 0);
    } else {
      // ops without a GPU kernel (e.g. InTopK) fall back to the CPU
      config
          .setAllowSoftPlacement(true)
          .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }
    return config.build();
  }

  /**
   * Whether the graph goes on a GPU, checking that one exists.
   *
   * @throws IllegalStateException for {@link #GPU} when TensorFlow sees no GPU
   */
  public boolean usesGpu(ConfigProto config) {
    if (this == CPU) {
      return false;
    }
    List<String> devices = availableDevices(config);
    boolean found = devices.stream().anyMatch(name -> name.contains(":GPU:"));
    if (!found && this == GPU) {
      throw new IllegalStateException(
          "--device gpu: TensorFlow sees no GPU (devices: "
              + devices
              + "). A GPU run needs the GPU build of TensorFlow's native library (mvn -Pgpu,"
              + " classifier linux-x86_64-gpu), an NVIDIA driver, and CUDA 12 + cuDNN 9 on the"
              + " library path; or use --device cpu/auto.");
    }
    return found;
  }

  /** {@code tf} placed on the first GPU, or {@code tf} itself for the CPU. */
  public static Ops place(Ops tf, boolean gpu) {
    return gpu
        ? tf.withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).build())
        : tf;
  }

  /**
   * The devices a session with {@code config} would see, e.g. {@code
   * /job:localhost/replica:0/task:0/device:CPU:0}. Uses a throwaway session on an empty graph (the
   * Java API has no device listing).
   */
  public static List<String> availableDevices(ConfigProto config) {
    TensorFlow.version(); // loads the native library
    TF_Status status = TF_NewStatus();
    TF_Graph graph = TF_NewGraph();
    TF_SessionOptions options = TF_NewSessionOptions();
    TF_Session session = null;
    try {
      byte[] bytes = config.toByteArray();
      try (BytePointer serialized = new BytePointer(bytes)) {
        TF_SetConfig(options, serialized, bytes.length, status);
      }
      check(status);
      session = TF_NewSession(graph, options, status);
      check(status);
      TF_DeviceList list = TF_SessionListDevices(session, status);
      check(status);
      try {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < TF_DeviceListCount(list); i++) {
          names.add(TF_DeviceListName(list, i, status).getString());
        }
        return names;
      } finally {
        TF_DeleteDeviceList(list);
      }
    } finally {
      if (session != null) {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
      TF_DeleteSessionOptions(options);
      TF_DeleteGraph(graph);
      TF_DeleteStatus(status);
    }
  }

  private static void check(TF_Status status) {
    if (TF_GetCode(status) != 0) {
      throw new IllegalStateException(
          "TensorFlow could not list its devices: " + TF_Message(status).getString());
    }
  }
}
