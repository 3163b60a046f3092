package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code train} suite: training images/s of each {@link TrainConfig} in TensorFlow Java (a
 * {@link TrainWorkerCommand} child JVM through {@code bin/mnasnet}) and, right after it, in PyTorch
 * ({@code bench/pytorch_bench.py train}), with the TensorFlow side's data-wait fraction.
 */
final class TrainSuite {

  static final String METHOD =
      "One step = the training loop's TrainingGraph with the default recipe (on N data-parallel"
          + " replicas, one per core, for the configurations that say so): forward in training"
          + " mode (BatchNorm on batch statistics, moving statistics updated, dropout 0.2),"
          + " cross-entropy with label smoothing 0.1, weight decay 4e-5, gradients of all trainable"
          + " parameters, SGD with Nesterov momentum 0.9; batches from the trainer's"
          + " PrefetchingBatchLoader with the standard augmentation (at 224, crop-decoded from the"
          + " ImageNet-like JPEGs). PyTorch: torchvision model,"
          + " eager mode, the same optimiser, label smoothing and weight decay, random tensors"
          + " already in memory (no input pipeline: an upper bound for it). Both with 2 threads and"
          + " jemalloc.";

  private final ProjectHome home;
  private final BenchScale scale;
  private final Path logDir;
  private final Path work;
  private final Path python;
  private final BenchProgress progress;

  TrainSuite(
      ProjectHome home,
      BenchScale scale,
      Path work,
      Path logDir,
      Path python,
      BenchProgress progress) {
    this.home = home;
    this.scale = scale;
    this.work = work;
    this.logDir = logDir;
    this.python = python;
    this.progress = progress;
  }

  TrainSuiteResult run() throws InterruptedException {
    PyTorchPeer peer = new PyTorchPeer(python, home.pytorchScript(), logDir.resolve("pytorch.log"));
    Optional<String> unavailable = peer.unavailableReason();
    String note = unavailable.map(reason -> "skipped: " + reason).orElse(null);
    ImageNetLikeJpegs.Written jpegs = null;
    String jpegsProblem = null;
    if (scale.loaderImages() > 0) {
      progress.say("train: writing " + scale.loaderImages() + " ImageNet-like JPEGs");
      try {
        jpegs = ImageNetLikeJpegs.write(work.resolve("jpegs"), scale.loaderImages(), 2023);
        progress.say("train: " + jpegs.describe());
      } catch (IOException | IllegalStateException e) {
        jpegsProblem = e.getMessage();
        progress.say("train: no JPEGs: " + jpegsProblem);
      }
    }
    LoaderSuiteResult loader =
        jpegs == null
            ? null
            : new LoaderSuite(home, scale, logDir, peer, unavailable, progress).run(jpegs);
    List<TrainSuiteResult.ConfigResult> results = new ArrayList<>();
    Map<String, Spread> torchRates = new HashMap<>();
    for (TrainConfig config : scale.trainConfigs()) {
      progress.say("train: TensorFlow Java " + config.name());
      TrainWorkerResult tf = null;
      String error = null;
      if (config.jpegs() && jpegs == null) {
        error = jpegsProblem == null ? "no JPEGs at this scale" : jpegsProblem;
      } else {
        try {
          tf = runWorker(config, config.jpegs() ? jpegs.dir() : null);
        } catch (IOException e) {
          error = e.getMessage();
          progress.say("train: " + config.name() + " failed: " + error);
        }
      }
      Spread torch = null;
      String key = config.torchvisionArch() + "/" + config.imageSize() + "/" + config.batch();
      if (unavailable.isEmpty() && !torchRates.containsKey(key)) {
        progress.say("train: PyTorch " + config.torchvisionArch() + " batch " + config.batch());
        try {
          PyTorchPeer.PyTorchResult result =
              peer.train(config, scale.trainSeconds(), scale.repetitions());
          torchRates.put(key, Spread.of(result.imagesPerSecond()));
          note =
              "torch "
                  + result.torchVersion()
                  + ", torchvision "
                  + result.torchvisionVersion()
                  + ", "
                  + result.threads()
                  + " threads, jemalloc "
                  + (result.jemalloc() ? "preloaded" : "not found")
                  + ", OMP_WAIT_POLICY=PASSIVE";
        } catch (IOException e) {
          note = "failed: " + e.getMessage();
          progress.say("train: PyTorch " + note);
        }
      }
      torch = torchRates.get(key);
      Spread tfRate = tf == null ? null : Spread.of(tf.imagesPerSecond());
      results.add(
          new TrainSuiteResult.ConfigResult(
              config,
              error,
              tfRate,
              tf == null ? null : Spread.of(tf.dataWaitFractions()),
              tf == null ? 0 : tf.peakRssBytes(),
              tf == null ? null : tf.dataSource(),
              torch,
              tfRate == null || torch == null ? null : tfRate.median() / torch.median()));
    }
    return new TrainSuiteResult(METHOD, note, results, loader);
  }

  private TrainWorkerResult runWorker(TrainConfig config, Path images)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                home.launcher().toString(),
                "bench",
                "worker-train",
                "--width",
                Double.toString(config.width()),
                "--classes",
                Integer.toString(config.classes()),
                "--size",
                Integer.toString(config.imageSize()),
                "--batch",
                Integer.toString(config.batch()),
                "--seconds",
                Double.toString(scale.trainSeconds()),
                "--repetitions",
                Integer.toString(scale.repetitions()),
                "--replicas",
                Integer.toString(config.replicas())));
    if (images != null) {
      command.add("--images");
      command.add(images.toString());
    }
    return ChildProcess.runForJson(
        command,
        Map.of(),
        Duration.ofMinutes(15),
        logDir.resolve("train-" + config.name() + ".log"),
        TrainWorkerResult.class);
  }
}
