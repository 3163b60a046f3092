package io.mnasnet.bench;

import java.util.List;

/**
 * What one model-worker JVM measured (printed as JSON, read back by the model suite).
 *
 * @param tensorFlowVersion the native library's version
 * @param oneDnn {@code TF_ENABLE_ONEDNN_OPTS} as the worker saw it
 * @param preload {@code LD_PRELOAD} as the worker saw it (empty: glibc malloc)
 * @param intraOpThreads intra-op threads asked for (0 = default)
 * @param interOpThreads inter-op threads asked for (0 = default)
 * @param matmulGflops median GFLOP/s of a 1024x1024 fp32 matrix product (the achievable peak), or
 *     {@code null} when not measured
 * @param models one entry per model measured
 */
public record ModelWorkerResult(
    String tensorFlowVersion,
    String oneDnn,
    String preload,
    int intraOpThreads,
    int interOpThreads,
    Double matmulGflops,
    List<ModelRun> models) {

  /**
   * One model in one worker.
   *
   * @param model the model's name
   * @param rssAfterLoadBytes resident memory once the model was loaded, before any call
   * @param batches one entry per batch size, in the order measured (ascending)
   */
  public record ModelRun(String model, long rssAfterLoadBytes, List<BatchRun> batches) {}

  /**
   * One batch size.
   *
   * @param batch images per call
   * @param imagesPerSecond one value per timed repetition
   * @param cpuMsPerImage process CPU time per image, per repetition (steadier than wall time on a
   *     busy machine)
   * @param rssAfterBytes resident memory after the repetitions
   */
  public record BatchRun(
      int batch, List<Double> imagesPerSecond, List<Double> cpuMsPerImage, long rssAfterBytes) {}
}
