package io.mnasnet.bench;

import java.util.List;

/**
 * The {@code train} suite's figures.
 *
 * @param method what a step is, on both sides
 * @param pyTorchNote versions of the PyTorch run, or why it was skipped
 * @param configs one per training configuration
 * @param loader the image-folder loader alone against PyTorch's, or null if not measured
 */
public record TrainSuiteResult(
    String method, String pyTorchNote, List<ConfigResult> configs, LoaderSuiteResult loader) {

  /**
   * One configuration, TensorFlow Java and PyTorch.
   *
   * @param config the configuration
   * @param error why the TensorFlow worker failed, or {@code null}
   * @param tensorFlow images/s per repetition
   * @param dataWaitFraction share of step-loop time spent waiting for the next batch
   * @param tensorFlowPeakRssBytes the worker's resident memory at the end
   * @param dataSource what the TensorFlow side trained on
   * @param pyTorch images/s per repetition, or {@code null}
   * @param ratio TensorFlow median / PyTorch median, or {@code null}
   */
  public record ConfigResult(
      TrainConfig config,
      String error,
      Spread tensorFlow,
      Spread dataWaitFraction,
      long tensorFlowPeakRssBytes,
      String dataSource,
      Spread pyTorch,
      Double ratio) {}
}
