package io.mnasnet.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One TensorFlow configuration the model suite compares. Thread counts can be set per Session, but
 * TensorFlow fixes them with the first Session of a process, and oneDNN and the memory allocator
 * are chosen before the native library loads: so every setting runs in its own child JVM, started
 * through {@code bin/mnasnet} with the environment below.
 *
 * @param name short label used in the report (e.g. {@code jemalloc}, {@code glibc})
 * @param allocator {@code jemalloc} (the launcher's default) or {@code glibc}
 * @param oneDnn whether oneDNN is on ({@code TF_ENABLE_ONEDNN_OPTS=1}; the launcher turns it off)
 * @param intraOpThreads TensorFlow intra-op threads, 0 = TensorFlow's default (one per core)
 * @param interOpThreads TensorFlow inter-op threads, 0 = TensorFlow's default
 * @param inferenceShards parts a batch is split into (concurrent Session calls), 0 = one per core,
 *     1 = none
 * @param matmul whether this child also measures the matrix-product peak (with TensorFlow's own
 *     threading, so it spans the cores)
 */
public record TfSetting(
    String name,
    String allocator,
    boolean oneDnn,
    int intraOpThreads,
    int interOpThreads,
    int inferenceShards,
    boolean matmul) {

  /**
   * What {@code bin/mnasnet} does by default: jemalloc, oneDNN off, each batch split across the
   * cores with one TensorFlow thread per part.
   */
  public static final TfSetting LAUNCHER_DEFAULT =
      new TfSetting("default", "jemalloc", false, 0, 0, 0, false);

  /** The launcher's environment with TensorFlow's own threading: one call per batch. */
  public static final TfSetting TF_THREADS =
      new TfSetting("tf-threads", "jemalloc", false, 0, 0, 1, true);

  /** The environment of the child JVM. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MNASNET_ALLOCATOR", allocator);
    env.put("TF_ENABLE_ONEDNN_OPTS", oneDnn ? "1" : "0");
    return env;
  }

  /** A one-line description for tables. */
  public String describe() {
    return allocator
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
