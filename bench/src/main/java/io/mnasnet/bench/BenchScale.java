package io.mnasnet.bench;

import java.util.List;

/**
 * How much of everything a benchmark run measures: {@link #FULL} (~15 minutes on 2 cores), {@link
 * #QUICK} (~2 minutes: fewer batch sizes and settings, shorter timings) and {@link #TINY} (seconds
 * per suite, for the test that checks the report's structure; its numbers mean nothing).
 *
 * @param name full, quick or tiny
 * @param repetitions timed repetitions of each measurement (medians are reported with the spread)
 * @param modelBatches batch sizes of the model suite
 * @param modelSeconds length of one timed repetition of the model suite
 * @param largeModel whether width 1.0 at 224x224 is measured (always in full and quick)
 * @param tfSettings engine configurations compared, each in its own JVM
 * @param pipelineCases Streams application runs
 * @param warmupImages images sent and classified before any timing, per app run (at least)
 * @param warmupSeconds the warm-up is sized to last about this long at the expected rate: the app's
 *     JIT compilers took ~40% of the CPU during its first ten seconds (perf), so a short warm-up
 *     measures the compiler, not the pipeline
 * @param settleBacklogs after the warm-up, at most this many untimed backlogs are sent until two in
 *     a row agree on the app's CPU per image within {@link #SETTLED} (0: none). A minute of photos
 *     is ~5,000 images, and the app's CPU per image still fell by 10% over the next five backlogs
 *     (JIT compilation), so a fixed warm-up over-states the steady state.
 * @param backlogSeconds the capacity backlog is sized to last about this long at the expected rate
 * @param loadFractions offered loads, as fractions of the measured capacity
 * @param loadSeconds how long each offered load is sent
 * @param trainConfigs training configurations
 * @param trainSeconds length of one timed repetition of training (and of the loader)
 * @param loaderImages ImageNet-like JPEGs written for the loader and 224 training (0: none)
 */
public record BenchScale(
    String name,
    int repetitions,
    List<Integer> modelBatches,
    double modelSeconds,
    boolean largeModel,
    List<EngineSetting> tfSettings,
    List<PipelineCase> pipelineCases,
    int warmupImages,
    double warmupSeconds,
    int settleBacklogs,
    double backlogSeconds,
    List<Double> loadFractions,
    double loadSeconds,
    List<TrainConfig> trainConfigs,
    double trainSeconds,
    int loaderImages) {

  /** Relative difference of two backlogs' CPU per image that counts as settled. */
  public static final double SETTLED = 0.03;

  private static final int EOS_DEFAULT = PipelineCase.EOS_DEFAULT_COMMIT_MS;
  private static final List<Double> LOADS = List.of(0.25, 0.5, 0.9);

  public static final BenchScale FULL =
      new BenchScale(
          "full",
          3,
          List.of(1, 8, 32, 64),
          2.0,
          true,
          List.of(
              EngineSetting.LAUNCHER_DEFAULT,
              EngineSetting.ORT_DIRECT,
              EngineSetting.ORT_THREADS,
              EngineSetting.TENSORFLOW_DEFAULT,
              EngineSetting.TF_THREADS,
              new EngineSetting(
                  "tf-oneDNN", EngineSetting.TENSORFLOW, "jemalloc", true, 0, 0, 1, false),
              new EngineSetting(
                  "ort-glibc", EngineSetting.ONNX_RUNTIME, "glibc", false, 0, 0, 0, false)),
          List.of(
              PipelineCase.classifier(BenchImages.Kind.JPEG_224, 32, 1000, true),
              PipelineCase.classifier(BenchImages.Kind.JPEG_224, 32, EOS_DEFAULT, true),
              PipelineCase.classifier(BenchImages.Kind.JPEG_224, 1, 1000, false),
              PipelineCase.classifier(BenchImages.Kind.PNG_28, 32, 1000, true),
              PipelineCase.classifier(BenchImages.Kind.PNG_28, 32, EOS_DEFAULT, true),
              PipelineCase.passThrough(BenchImages.Kind.PNG_28, 1000),
              PipelineCase.passThrough(BenchImages.Kind.PNG_28, EOS_DEFAULT),
              PipelineCase.passThrough(BenchImages.Kind.JPEG_224, 1000),
              PipelineCase.classifier(BenchImages.Kind.JPEG_256, 32, EOS_DEFAULT, false),
              PipelineCase.classifier(BenchImages.Kind.PHOTO_1280, 32, EOS_DEFAULT, true)),
          64,
          20.0,
          0,
          8.0,
          LOADS,
          10.0,
          List.of(
              TrainConfig.SMALL,
              TrainConfig.SMALL_REPLICATED,
              TrainConfig.LARGE,
              TrainConfig.LARGE_REPLICATED),
          6.0,
          1024);

  public static final BenchScale QUICK =
      new BenchScale(
          "quick",
          2,
          List.of(1, 32),
          0.5,
          true,
          List.of(
              EngineSetting.LAUNCHER_DEFAULT,
              EngineSetting.TF_THREADS,
              EngineSetting.ORT_DIRECT,
              EngineSetting.TENSORFLOW_DEFAULT),
          List.of(
              PipelineCase.classifier(BenchImages.Kind.JPEG_224, 32, 1000, true),
              PipelineCase.classifier(BenchImages.Kind.PNG_28, 32, 1000, true),
              PipelineCase.passThrough(BenchImages.Kind.PNG_28, 1000),
              PipelineCase.classifier(BenchImages.Kind.PHOTO_1280, 32, EOS_DEFAULT, false)),
          32,
          6.0,
          0,
          2.0,
          LOADS,
          2.0,
          List.of(
              TrainConfig.SMALL,
              TrainConfig.SMALL_REPLICATED,
              TrainConfig.LARGE,
              TrainConfig.LARGE_REPLICATED),
          1.5,
          256);

  /**
   * Issue 13's CPU-per-image cases only: 28x28 PNG, 256x256 photo JPEG and 1280x960 photo JPEG,
   * batch 32, the app's defaults (commit 100 ms), capacity backlogs only, more repetitions, a
   * longer warm-up.
   */
  public static final BenchScale CPU =
      new BenchScale(
          "cpu",
          5,
          List.of(32),
          2.0,
          false,
          List.of(EngineSetting.LAUNCHER_DEFAULT),
          List.of(
              PipelineCase.classifier(BenchImages.Kind.PNG_28, 32, EOS_DEFAULT, false),
              PipelineCase.classifier(BenchImages.Kind.JPEG_256, 32, EOS_DEFAULT, false),
              PipelineCase.classifier(BenchImages.Kind.PHOTO_1280, 32, EOS_DEFAULT, false)),
          64,
          // perf: with 20 s the 28 PNG app's JIT compilers were still 28% of its CPU in the
          // backlogs; CPU per image is meant to be the steady state
          60.0,
          10,
          8.0,
          LOADS,
          10.0,
          List.of(TrainConfig.SMALL),
          6.0,
          0);

  public static final BenchScale TINY =
      new BenchScale(
          "tiny",
          1,
          List.of(1, 2),
          0.1,
          false,
          List.of(
              EngineSetting.LAUNCHER_DEFAULT, EngineSetting.TF_THREADS, EngineSetting.ORT_DIRECT),
          List.of(
              PipelineCase.classifier(BenchImages.Kind.PNG_28, 8, 1000, true),
              PipelineCase.passThrough(BenchImages.Kind.PNG_28, 1000)),
          8,
          0.0,
          0,
          0.5,
          List.of(0.5),
          0.5,
          List.of(TrainConfig.SMALL.withBatch(8)),
          0.2,
          0);
}
