package io.mnasnet.bench;

import java.util.List;

/**
 * Everything one {@code mnasnet bench} run measured, written as {@code report.json}. Suites that
 * were not run are {@code null}.
 *
 * @param command the command line that produced it
 * @param suite model, pipeline, train or all
 * @param scale the scale's name (full, quick, tiny)
 * @param settings the scale's parameters
 * @param startedAt ISO-8601 start time
 * @param durationSeconds wall time of the whole run
 * @param machine where it ran, with the load average at start and end
 * @param computeBound the physical limit of the models on this CPU
 * @param model the model suite
 * @param pipeline the pipeline suite
 * @param train the train suite
 * @param targets each target of the project next to its measured ratio
 */
public record BenchReport(
    String command,
    String suite,
    String scale,
    BenchScale settings,
    String startedAt,
    double durationSeconds,
    MachineInfo machine,
    ComputeBound computeBound,
    ModelSuiteResult model,
    PipelineSuiteResult pipeline,
    TrainSuiteResult train,
    List<TargetCheck> targets) {

  /**
   * How fast the models could go if compute were the only limit.
   *
   * @param nominalPeakGflops cores x clock x FMA FLOP per cycle (see {@link
   *     MachineInfo#nominalPeakGflops()})
   * @param flopsPerCycle FLOP per cycle and core assumed
   * @param matmulGflops a large fp32 matrix product in TensorFlow (achievable), or {@code null}
   * @param models one entry per model
   */
  public record ComputeBound(
      double nominalPeakGflops, int flopsPerCycle, Double matmulGflops, List<ModelBound> models) {}

  /**
   * One model's bound.
   *
   * @param model the model
   * @param gflopPerImage 2 x multiply-adds of one forward pass, GFLOP
   * @param nominalBoundImagesPerSecond nominal peak / GFLOP per image
   * @param matmulBoundImagesPerSecond matrix-product rate / GFLOP per image, or {@code null}
   * @param bestMeasuredImagesPerSecond best median of the launcher-default TensorFlow setting
   * @param fractionOfNominal best measured / nominal bound
   */
  public record ModelBound(
      String model,
      double gflopPerImage,
      double nominalBoundImagesPerSecond,
      Double matmulBoundImagesPerSecond,
      Double bestMeasuredImagesPerSecond,
      Double fractionOfNominal) {}

  /**
   * One target next to what was measured.
   *
   * @param target what was asked for
   * @param measured the measured figure(s), in words
   * @param met whether the target is met; {@code null} when it could not be measured in this run
   */
  public record TargetCheck(String target, String measured, Boolean met) {}
}
