package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code model} suite: images/s of the exported SavedModels against batch size, per TensorFlow
 * setting (each in a child JVM started through {@code bin/mnasnet}), and of the same networks in
 * PyTorch TorchScript, in one run. The PyTorch run follows the launcher-default TensorFlow run
 * directly, so the ratio compares two measurements minutes apart at most.
 */
final class ModelSuite {

  private final ProjectHome home;
  private final BenchScale scale;
  private final Path workDir;
  private final Path logDir;
  private final Path python;
  private final BenchProgress progress;

  ModelSuite(
      ProjectHome home,
      BenchScale scale,
      Path workDir,
      Path logDir,
      Path python,
      BenchProgress progress) {
    this.home = home;
    this.scale = scale;
    this.workDir = workDir;
    this.logDir = logDir;
    this.python = python;
    this.progress = progress;
  }

  /** The models this scale measures. */
  static List<BenchModel> models(BenchScale scale) {
    return scale.largeModel()
        // small first: each model's "RSS after load" then includes only smaller models before it
        ? List.of(BenchModel.SMALL, BenchModel.LARGE)
        : List.of(BenchModel.SMALL);
  }

  ModelSuiteResult run(ExportedModels exported) throws IOException, InterruptedException {
    List<BenchModel> models = models(scale);
    List<ModelSuiteResult.SettingRun> runs = new ArrayList<>();
    List<ModelSuiteResult.Series> pyTorch = new ArrayList<>();
    String pyTorchNote = null;
    for (EngineSetting setting : scale.tfSettings()) {
      runs.add(runSetting(setting, models, exported, scale.modelBatches()));
      if (setting.equals(EngineSetting.LAUNCHER_DEFAULT)) {
        PyTorchPeer peer =
            new PyTorchPeer(python, home.pytorchScript(), logDir.resolve("pytorch.log"));
        Optional<String> unavailable = peer.unavailableReason();
        if (unavailable.isPresent()) {
          pyTorchNote = "skipped: " + unavailable.get();
          progress.say("model: PyTorch " + pyTorchNote);
        } else {
          for (BenchModel model : models) {
            progress.say(
                "model: PyTorch " + model.torchvisionArch() + " " + model.imageSize() + "px");
            try {
              PyTorchPeer.PyTorchResult result =
                  peer.infer(
                      model, scale.modelBatches(), scale.modelSeconds(), scale.repetitions());
              pyTorch.add(series(model.name(), result));
              pyTorchNote =
                  "torch "
                      + result.torchVersion()
                      + ", torchvision "
                      + result.torchvisionVersion()
                      + ", "
                      + result.threads()
                      + " threads, jemalloc "
                      + (result.jemalloc() ? "preloaded" : "not found")
                      + ", OMP_WAIT_POLICY=PASSIVE"
                      + "; torch.jit.trace + torch.jit.freeze, eval mode, inference_mode";
            } catch (IOException e) {
              pyTorchNote = "failed: " + e.getMessage();
              progress.say("model: PyTorch " + pyTorchNote);
            }
          }
        }
      }
    }
    List<ModelSuiteResult.ModelInfo> infos =
        models.stream().map(ModelSuiteResult.ModelInfo::of).toList();
    ModelSuiteResult partial = new ModelSuiteResult(infos, runs, pyTorch, pyTorchNote, List.of());
    return new ModelSuiteResult(infos, runs, pyTorch, pyTorchNote, ratios(partial));
  }

  /**
   * Runs one child JVM measuring {@code models} under {@code setting}; a failed child becomes an
   * entry with its error, so one broken setting does not lose the others.
   */
  ModelSuiteResult.SettingRun runSetting(
      EngineSetting setting,
      List<BenchModel> models,
      ExportedModels exported,
      List<Integer> batches)
      throws IOException, InterruptedException {
    return runSetting(setting, models, exported, batches, null);
  }

  /**
   * As {@link #runSetting(EngineSetting, List, ExportedModels, List)}, but when {@code
   * encodedImages} is a folder the child calls the encoded-image signature with its files (decode
   * and preprocessing in the graph) instead of preprocessed tensors.
   */
  ModelSuiteResult.SettingRun runSetting(
      EngineSetting setting,
      List<BenchModel> models,
      ExportedModels exported,
      List<Integer> batches,
      Path encodedImages)
      throws IOException, InterruptedException {
    String input = encodedImages == null ? "" : ", encoded images with decode";
    progress.say("model: " + setting.describe() + input + ", batches " + batches);
    List<String> command = new ArrayList<>();
    command.add(home.launcher().toString());
    command.add("bench");
    command.add("worker-model");
    for (BenchModel model : models) {
      command.add("--model");
      command.add(exported.dir(model).toString());
    }
    command.add("--batches");
    command.add(String.join(",", batches.stream().map(String::valueOf).toList()));
    command.add("--seconds");
    command.add(Double.toString(scale.modelSeconds()));
    command.add("--repetitions");
    command.add(Integer.toString(scale.repetitions()));
    command.add("--intra-op-threads");
    command.add(Integer.toString(setting.intraOpThreads()));
    command.add("--inter-op-threads");
    command.add(Integer.toString(setting.interOpThreads()));
    command.add("--inference-shards");
    command.add(Integer.toString(setting.inferenceShards()));
    command.addAll(setting.engineArguments());
    if (setting.matmul()) {
      command.add("--matmul");
    }
    if (encodedImages != null) {
      command.add("--encoded-images");
      command.add(encodedImages.toString());
    }
    try {
      ModelWorkerResult result =
          ChildProcess.runForJson(
              command,
              setting.environment(),
              Duration.ofMinutes(15),
              logDir.resolve(
                  "model-" + setting.name() + (encodedImages == null ? "" : "-encoded") + ".log"),
              ModelWorkerResult.class);
      List<ModelSuiteResult.Series> series =
          result.models().stream().map(ModelSuite::series).toList();
      return new ModelSuiteResult.SettingRun(
          setting, result.tensorFlowVersion(), null, result.matmulGflops(), series);
    } catch (IOException e) {
      progress.say("model: " + setting.name() + " failed: " + e.getMessage());
      return new ModelSuiteResult.SettingRun(setting, null, e.getMessage(), null, List.of());
    }
  }

  private static ModelSuiteResult.Series series(ModelWorkerResult.ModelRun run) {
    List<ModelSuiteResult.Point> points = new ArrayList<>();
    for (ModelWorkerResult.BatchRun batch : run.batches()) {
      points.add(
          new ModelSuiteResult.Point(
              batch.batch(),
              Spread.of(batch.imagesPerSecond()),
              Spread.of(batch.cpuMsPerImage()),
              batch.rssAfterBytes(),
              (batch.rssAfterBytes() - run.rssAfterLoadBytes()) / (double) batch.batch()));
    }
    return new ModelSuiteResult.Series(run.model(), run.rssAfterLoadBytes(), points);
  }

  private static ModelSuiteResult.Series series(String model, PyTorchPeer.PyTorchResult result) {
    long baseline = result.results().isEmpty() ? 0 : result.results().get(0).rssBeforeBytes();
    List<ModelSuiteResult.Point> points = new ArrayList<>();
    for (PyTorchPeer.PyTorchBatch batch : result.results()) {
      points.add(
          new ModelSuiteResult.Point(
              batch.batch(),
              Spread.of(batch.imagesPerSecond()),
              null,
              batch.rssAfterBytes(),
              (batch.rssAfterBytes() - baseline) / (double) batch.batch()));
    }
    return new ModelSuiteResult.Series(model, baseline, points);
  }

  private static List<ModelSuiteResult.Ratio> ratios(ModelSuiteResult result) {
    List<ModelSuiteResult.Ratio> ratios = new ArrayList<>();
    for (ModelSuiteResult.Series torch : result.pyTorch()) {
      for (ModelSuiteResult.Point point : torch.points()) {
        result
            .defaultThroughput(torch.model(), point.batch())
            .ifPresent(
                tf -> {
                  double pt = point.imagesPerSecond().median();
                  ratios.add(
                      new ModelSuiteResult.Ratio(torch.model(), point.batch(), tf, pt, tf / pt));
                });
      }
    }
    return ratios;
  }
}
