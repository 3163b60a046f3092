package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code train} suite: training images/s of each {@link TrainConfig} in TensorFlow Java (a
 * {@link TrainWorkerCommand} child JVM through {@code bin/mnasnet}) and, right after it, in PyTorch
 * ({@code bench/pytorch_bench.py train}), with the TensorFlow side's data-wait fraction.
 */
final class TrainSuite {

  /**
   * Alternating rounds: each configuration's worker runs once per round, next to the other
   * configurations of its shape (one replica, N replicas), with {@link BenchScale#repetitions()}
   * timed repetitions.
   */
  static final int ROUNDS = 2;

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
    // Configurations of one shape (one replica, N replicas) alternate round by round in fresh
    // JVMs, so that the load of a shared machine falls on both sides alike.
    Map<TrainConfig, List<TrainWorkerResult>> runs = new LinkedHashMap<>();
    Map<TrainConfig, String> errors = new HashMap<>();
    for (List<TrainConfig> group : sameShape(scale.trainConfigs())) {
      // a configuration alone has nothing to alternate with: one round
      int rounds = group.size() > 1 ? ROUNDS : 1;
      for (int round = 1; round <= rounds; round++) {
        for (TrainConfig config : group) {
          runs.computeIfAbsent(config, c -> new ArrayList<>());
          if (errors.containsKey(config)) {
            continue;
          }
          progress.say("train: TensorFlow Java " + config.name() + ", round " + round);
          if (config.jpegs() && jpegs == null) {
            errors.put(config, jpegsProblem == null ? "no JPEGs at this scale" : jpegsProblem);
            continue;
          }
          try {
            runs.get(config).add(runWorker(config, config.jpegs() ? jpegs.dir() : null));
          } catch (IOException e) {
            errors.put(config, e.getMessage());
            progress.say("train: " + config.name() + " failed: " + e.getMessage());
          }
        }
      }
    }
    List<TrainSuiteResult.ConfigResult> results = new ArrayList<>();
    Map<String, Spread> torchRates = new HashMap<>();
    for (TrainConfig config : scale.trainConfigs()) {
      List<TrainWorkerResult> tf = errors.containsKey(config) ? List.of() : runs.get(config);
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
      Spread tfRate = tf.isEmpty() ? null : Spread.of(all(tf, TrainWorkerResult::imagesPerSecond));
      List<Double> roundRatios = null;
      TrainConfig single = singleReplicaOf(config, scale.trainConfigs());
      if (tfRate != null && single != null && !runs.get(single).isEmpty()) {
        roundRatios = roundRatios(tf, runs.get(single));
      }
      results.add(
          new TrainSuiteResult.ConfigResult(
              config,
              errors.get(config),
              tfRate,
              tf.isEmpty() ? null : Spread.of(all(tf, TrainWorkerResult::dataWaitFractions)),
              tf.isEmpty() ? null : Spread.of(all(tf, TrainWorkerResult::cpuMsPerImage)),
              roundRatios,
              tf.isEmpty() ? 0 : tf.get(tf.size() - 1).peakRssBytes(),
              tf.isEmpty() ? null : tf.get(0).dataSource(),
              torch,
              tfRate == null || torch == null ? null : tfRate.median() / torch.median()));
    }
    return new TrainSuiteResult(METHOD, note, results, loader);
  }

  /** The configurations grouped by shape (all but the replica count equal), in order. */
  static List<List<TrainConfig>> sameShape(List<TrainConfig> configs) {
    Map<String, List<TrainConfig>> groups = new LinkedHashMap<>();
    for (TrainConfig config : configs) {
      groups.computeIfAbsent(shape(config), k -> new ArrayList<>()).add(config);
    }
    return new ArrayList<>(groups.values());
  }

  private static String shape(TrainConfig config) {
    return config.width()
        + "/"
        + config.classes()
        + "/"
        + config.imageSize()
        + "/"
        + config.batch()
        + "/"
        + config.jpegs();
  }

  /** The one-replica configuration of {@code config}'s shape, if {@code config} has replicas. */
  private static TrainConfig singleReplicaOf(TrainConfig config, List<TrainConfig> configs) {
    if (config.replicas() == 1) {
      return null;
    }
    for (TrainConfig other : configs) {
      if (other.replicas() == 1 && shape(other).equals(shape(config))) {
        return other;
      }
    }
    return null;
  }

  /** Per round (the two runs made next to each other): median rate of ours / of theirs. */
  static List<Double> roundRatios(List<TrainWorkerResult> ours, List<TrainWorkerResult> theirs) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
      ratios.add(
          Spread.of(ours.get(i).imagesPerSecond()).median()
              / Spread.of(theirs.get(i).imagesPerSecond()).median());
    }
    return ratios;
  }

  private static List<Double> all(
      List<TrainWorkerResult> results, Function<TrainWorkerResult, List<Double>> values) {
    List<Double> all = new ArrayList<>();
    for (TrainWorkerResult result : results) {
      if (values.apply(result) != null) {
        all.addAll(values.apply(result));
      }
    }
    return all;
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
