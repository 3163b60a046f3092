package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
      "One step = the training loop's TrainingGraph with the default recipe: forward in training"
          + " mode (BatchNorm on batch statistics, moving statistics updated, dropout 0.2),"
          + " cross-entropy with label smoothing 0.1, weight decay 4e-5, gradients of all trainable"
          + " parameters, SGD with Nesterov momentum 0.9; batches from the trainer's"
          + " PrefetchingBatchLoader with the standard augmentation. PyTorch: torchvision model,"
          + " eager mode, the same optimiser, label smoothing and weight decay, random tensors"
          + " already in memory (no input pipeline: an upper bound for it). Both with 2 threads and"
          + " jemalloc.";

  private final ProjectHome home;
  private final BenchScale scale;
  private final Path logDir;
  private final Path python;
  private final BenchProgress progress;

  TrainSuite(ProjectHome home, BenchScale scale, Path logDir, Path python, BenchProgress progress) {
    this.home = home;
    this.scale = scale;
    this.logDir = logDir;
    this.python = python;
    this.progress = progress;
  }

  TrainSuiteResult run() throws InterruptedException {
    PyTorchPeer peer = new PyTorchPeer(python, home.pytorchScript(), logDir.resolve("pytorch.log"));
    Optional<String> unavailable = peer.unavailableReason();
    String note = unavailable.map(reason -> "skipped: " + reason).orElse(null);
    List<TrainSuiteResult.ConfigResult> results = new ArrayList<>();
    for (TrainConfig config : scale.trainConfigs()) {
      progress.say("train: TensorFlow Java " + config.name());
      TrainWorkerResult tf = null;
      String error = null;
      try {
        tf = runWorker(config);
      } catch (IOException e) {
        error = e.getMessage();
        progress.say("train: " + config.name() + " failed: " + error);
      }
      Spread torch = null;
      if (unavailable.isEmpty()) {
        progress.say("train: PyTorch " + config.torchvisionArch() + " batch " + config.batch());
        try {
          PyTorchPeer.PyTorchResult result =
              peer.train(config, scale.trainSeconds(), scale.repetitions());
          torch = Spread.of(result.imagesPerSecond());
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
    return new TrainSuiteResult(METHOD, note, results);
  }

  private TrainWorkerResult runWorker(TrainConfig config) throws IOException, InterruptedException {
    List<String> command =
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
            Integer.toString(scale.repetitions()));
    return ChildProcess.runForJson(
        command,
        Map.of(),
        Duration.ofMinutes(15),
        logDir.resolve("train-" + config.name() + ".log"),
        TrainWorkerResult.class);
  }
}
