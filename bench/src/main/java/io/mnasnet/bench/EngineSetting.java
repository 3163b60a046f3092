package io.mnasnet.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine configuration the model suite compares: the project's ONNX Runtime or TensorFlow
 * engine with given threads and environment, or ONNX Runtime called directly (the peer). Thread
 * counts can be set per Session, but TensorFlow fixes them with the first Session of a process, and
 * oneDNN and the memory allocator are chosen before the native library loads: so every setting runs
 * in its own child JVM, started through {@code bin/mnasnet} with the environment below.
 *
 * @param name short label used in the report (e.g. {@code jemalloc}, {@code glibc})
 * @param engine {@link #ONNX_RUNTIME}, {@link #TENSORFLOW} (the project's engines, {@code
 *     --engine}) or {@link #ONNX_RUNTIME_DIRECT} (the peer: ONNX Runtime on model.onnx with its own
 *     default threading, no project code)
 * @param allocator {@code jemalloc} (the launcher's default) or {@code glibc}
 * @param oneDnn whether oneDNN is on ({@code TF_ENABLE_ONEDNN_OPTS=1}; the launcher turns it off)
 * @param intraOpThreads TensorFlow intra-op threads, 0 = TensorFlow's default (one per core)
 * @param interOpThreads TensorFlow inter-op threads, 0 = TensorFlow's default
 * @param inferenceShards parts a batch is split into (concurrent Session calls), 0 = one per core,
 *     1 = none
 * @param matmul whether this child also measures the matrix-product peak (with TensorFlow's own
 *     threading, so it spans the cores)
 */
public record EngineSetting(
    String name,
    String engine,
    String allocator,
    boolean oneDnn,
    int intraOpThreads,
    int interOpThreads,
    int inferenceShards,
    boolean matmul) {

  public static final String ONNX_RUNTIME = "onnxruntime";
  public static final String TENSORFLOW = "tensorflow";
  public static final String ONNX_RUNTIME_DIRECT = "onnxruntime-direct";

  /**
   * What {@code bin/mnasnet} does by default on a CPU for a version with model.onnx: the ONNX
   * Runtime engine, each batch split across the cores, one single-threaded session per part;
   * jemalloc.
   */
  public static final EngineSetting LAUNCHER_DEFAULT =
      new EngineSetting("default", ONNX_RUNTIME, "jemalloc", false, 0, 0, 0, false);

  /** The ONNX Runtime engine on whole batches, with ONNX Runtime's own intra-op threads. */
  public static final EngineSetting ORT_THREADS =
      new EngineSetting("ort-threads", ONNX_RUNTIME, "jemalloc", false, 0, 0, 1, false);

  /** The peer: ONNX Runtime called directly with its default threading. */
  public static final EngineSetting ORT_DIRECT =
      new EngineSetting("ort-direct", ONNX_RUNTIME_DIRECT, "jemalloc", false, 0, 0, 1, false);

  /** The TensorFlow engine as it serves on a CPU: each batch split across the cores. */
  public static final EngineSetting TENSORFLOW_DEFAULT =
      new EngineSetting("tensorflow", TENSORFLOW, "jemalloc", false, 0, 0, 0, false);

  /** The TensorFlow engine with TensorFlow's own threading: one call per batch. */
  public static final EngineSetting TF_THREADS =
      new EngineSetting("tf-threads", TENSORFLOW, "jemalloc", false, 0, 0, 1, true);

  /** The worker's options selecting this engine. */
  public List<String> engineArguments() {
    return engine.equals(ONNX_RUNTIME_DIRECT)
        ? List.of("--onnxruntime-direct")
        : List.of("--engine", engine);
  }

  /** The environment of the child JVM. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MNASNET_ALLOCATOR", allocator);
    env.put("TF_ENABLE_ONEDNN_OPTS", oneDnn ? "1" : "0");
    return env;
  }

  /** A one-line description for tables. */
  public String describe() {
    if (engine.equals(ONNX_RUNTIME_DIRECT)) {
      return "ONNX Runtime called directly, its default threads, " + allocator;
    }
    return engine
        + ", "
        + allocator
        + ", oneDNN "
        + (oneDnn ? "on" : "off")
        + ", intra-op "
        + (intraOpThreads == 0 ? "default" : intraOpThreads)
        + ", inter-op "
        + (interOpThreads == 0 ? "default" : interOpThreads)
        + ", shards "
        + (inferenceShards == 0 ? "one per core" : inferenceShards);
  }
}
