package io.mnasnet.bench;

import java.util.List;
import java.util.Optional;

/**
 * The {@code model} suite's figures.
 *
 * @param models the models measured
 * @param tensorFlow one entry per TensorFlow setting (child JVM)
 * @param pyTorch the PyTorch peer's series, one per model; empty when PyTorch is unavailable
 * @param pyTorchNote versions and settings of the PyTorch run, or why it was skipped
 * @param versusPyTorch the target comparison: launcher-default TensorFlow against PyTorch
 *     TorchScript, per model and batch size
 */
public record ModelSuiteResult(
    List<ModelInfo> models,
    List<SettingRun> tensorFlow,
    List<Series> pyTorch,
    String pyTorchNote,
    List<Ratio> versusPyTorch) {

  /**
   * A model.
   *
   * @param name label
   * @param width width multiplier
   * @param classes classes
   * @param imageSize input side
   * @param multiplyAdds multiply-adds per image (one multiply-add = 2 FLOP)
   */
  public record ModelInfo(
      String name, double width, int classes, int imageSize, long multiplyAdds) {
    static ModelInfo of(BenchModel model) {
      return new ModelInfo(
          model.name(), model.width(), model.classes(), model.imageSize(), model.multiplyAdds());
    }
  }

  /**
   * One TensorFlow setting.
   *
   * @param setting the setting
   * @param tensorFlowVersion reported by the child
   * @param error why the child failed, or {@code null}
   * @param matmulGflops GFLOP/s of a 1024x1024 fp32 matrix product in this setting, or {@code null}
   * @param series one per model
   */
  public record SettingRun(
      EngineSetting setting,
      String tensorFlowVersion,
      String error,
      Double matmulGflops,
      List<Series> series) {}

  /**
   * Throughput against batch size of one model under one setting.
   *
   * @param model the model's name
   * @param rssAfterLoadBytes resident memory after loading, before inference
   * @param points one per batch size
   */
  public record Series(String model, long rssAfterLoadBytes, List<Point> points) {
    Optional<Point> at(int batch) {
      return points.stream().filter(p -> p.batch() == batch).findFirst();
    }
  }

  /**
   * One batch size.
   *
   * @param batch images per call
   * @param imagesPerSecond throughput over the repetitions
   * @param cpuMsPerImage process CPU per image (TensorFlow only; {@code null} for PyTorch)
   * @param rssAfterBytes resident memory after the repetitions
   * @param rssGrowthPerImageBytes (RSS after - RSS after load) / batch: memory the batch costs per
   *     image (batch sizes are measured in ascending order, so this is the growth up to this size)
   */
  public record Point(
      int batch,
      Spread imagesPerSecond,
      Spread cpuMsPerImage,
      long rssAfterBytes,
      double rssGrowthPerImageBytes) {}

  /**
   * TensorFlow (launcher default) against PyTorch at one batch size.
   *
   * @param model the model
   * @param batch batch size
   * @param tensorFlow median images/s
   * @param pyTorch median images/s
   * @param ratio tensorFlow / pyTorch
   */
  public record Ratio(String model, int batch, double tensorFlow, double pyTorch, double ratio) {
    public boolean met() {
      return ratio >= 1.0;
    }
  }

  /**
   * The matrix-product GFLOP/s, measured by the setting that has {@link EngineSetting#matmul()}.
   */
  public Optional<Double> matmulGflops() {
    return tensorFlow.stream()
        .filter(run -> run.matmulGflops() != null)
        .map(SettingRun::matmulGflops)
        .findFirst();
  }

  /** The launcher-default setting's median images/s for {@code model} at {@code batch}. */
  public Optional<Double> defaultThroughput(String model, int batch) {
    return defaultPoint(model, batch).map(point -> point.imagesPerSecond().median());
  }

  /** The launcher-default figures of {@code model} at {@code batch}, if measured. */
  public Optional<Point> defaultPoint(String model, int batch) {
    return point(EngineSetting.LAUNCHER_DEFAULT, model, batch);
  }

  /** The figures of {@code setting} for {@code model} at {@code batch}, if measured. */
  public Optional<Point> point(EngineSetting setting, String model, int batch) {
    return tensorFlow.stream()
        .filter(run -> run.setting().equals(setting) && run.error() == null)
        .flatMap(run -> run.series().stream())
        .filter(series -> series.model().equals(model))
        .flatMap(series -> series.at(batch).stream())
        .findFirst();
  }
}
