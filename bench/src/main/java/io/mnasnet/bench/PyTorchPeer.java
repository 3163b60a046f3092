package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/pytorch_bench.py} (torchvision's MnasNet in PyTorch) with the same memory
 * allocator the launcher gives TensorFlow (jemalloc, preloaded) and two threads. Needs Debian's
 * {@code python3-torchvision}, whose {@code /usr/bin/python3} is not necessarily the {@code
 * python3} on {@code PATH}.
 */
final class PyTorchPeer {

  /** Debian's interpreter, where {@code python3-torchvision} installs. */
  static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

  static final int THREADS = 2;

  private static final Path JEMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

  private final Path python;
  private final Path script;
  private final Path logFile;

  PyTorchPeer(Path python, Path script, Path logFile) {
    this.python = python;
    this.script = script;
    this.logFile = logFile;
  }

  /** Why PyTorch cannot be measured here, or empty when it can. */
  Optional<String> unavailableReason() throws InterruptedException {
    if (!Files.isExecutable(python)) {
      return Optional.of(python + " not found (install Debian's python3-torchvision)");
    }
    if (!Files.isRegularFile(script)) {
      return Optional.of(script + " not found");
    }
    try {
      Process probe =
          new ProcessBuilder(
                  python.toString(),
                  "-c",
                  "import importlib.util, sys;"
                      + " sys.exit(0 if importlib.util.find_spec('torchvision') else 3)")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
        probe.destroyForcibly();
        return Optional.of(
            "torchvision is not installed for "
                + python
                + " (Debian: apt install python3-torchvision)");
      }
    } catch (IOException e) {
      return Optional.of("cannot run " + python + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  /** Inference throughput of {@code model}'s torchvision twin, traced and frozen. */
  PyTorchResult infer(BenchModel model, List<Integer> batches, double seconds, int repetitions)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            common(
                "infer",
                model.torchvisionArch(),
                model.classes(),
                model.imageSize(),
                seconds,
                repetitions));
    args.add("--batches");
    args.add(String.join(",", batches.stream().map(String::valueOf).toList()));
    return run(args, Duration.ofMinutes(10));
  }

  /** Training throughput of {@code config} in PyTorch. */
  PyTorchResult train(TrainConfig config, double seconds, int repetitions)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            common(
                "train",
                config.torchvisionArch(),
                config.classes(),
                config.imageSize(),
                seconds,
                repetitions));
    args.add("--batch");
    args.add(Integer.toString(config.batch()));
    return run(args, Duration.ofMinutes(10));
  }

  /** The PyTorch input pipeline alone on the image folder {@code images}. */
  LoaderResult loader(Path images, int workers, int batch, double seconds, int repetitions)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            python.toString(),
            script.toString(),
            "loader",
            "--images",
            images.toString(),
            "--workers",
            Integer.toString(workers),
            "--batch",
            Integer.toString(batch),
            "--seconds",
            Double.toString(seconds),
            "--repetitions",
            Integer.toString(repetitions),
            "--threads",
            "1");
    return ChildProcess.runForJson(
        command, environment(), Duration.ofMinutes(10), logFile, LoaderResult.class);
  }

  private List<String> common(
      String mode, String arch, int classes, int size, double seconds, int repetitions) {
    return List.of(
        python.toString(),
        script.toString(),
        mode,
        "--arch",
        arch,
        "--classes",
        Integer.toString(classes),
        "--size",
        Integer.toString(size),
        "--seconds",
        Double.toString(seconds),
        "--repetitions",
        Integer.toString(repetitions),
        "--threads",
        Integer.toString(THREADS));
  }

  private PyTorchResult run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    return ChildProcess.runForJson(command, environment(), timeout, logFile, PyTorchResult.class);
  }

  /**
   * jemalloc as for TensorFlow (PyTorch at batch 64 is ~15x slower with glibc's malloc here), and
   * OpenMP threads that sleep rather than spin while waiting: on a shared machine, PyTorch's
   * spinning OpenMP workers were measured 40x slower (mnasnet0_5, 32x32, batch 1: 2.9 against 107
   * images/s with {@code OMP_WAIT_POLICY=PASSIVE}); TensorFlow's thread pool needs no such setting.
   */
  static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OMP_WAIT_POLICY", "PASSIVE");
    if (Files.isRegularFile(JEMALLOC)) {
      env.put("LD_PRELOAD", JEMALLOC.toString());
      env.put("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1");
    }
    return env;
  }

  /**
   * The script's JSON.
   *
   * @param mode infer or train
   * @param results inference: one entry per batch size
   * @param batch training: images per step
   * @param imagesPerSecond training: one value per repetition
   * @param dataWaitFraction training: always 0 (inputs are in memory)
   * @param torchVersion torch version
   * @param torchvisionVersion torchvision version
   * @param threads torch threads
   * @param jemalloc whether jemalloc was preloaded
   * @param maxRssBytes peak resident memory
   */
  record PyTorchResult(
      String mode,
      List<PyTorchBatch> results,
      int batch,
      List<Double> imagesPerSecond,
      double dataWaitFraction,
      String torchVersion,
      String torchvisionVersion,
      int threads,
      boolean jemalloc,
      long maxRssBytes) {}

  /**
   * One inference batch size.
   *
   * @param batch images per call
   * @param imagesPerSecond one value per repetition
   * @param rssBeforeBytes resident memory before the timed calls
   * @param rssAfterBytes after them
   */
  record PyTorchBatch(
      int batch, List<Double> imagesPerSecond, long rssBeforeBytes, long rssAfterBytes) {}
}
