package io.mnasnet.bench;

import io.mnasnet.trainer.cli.EngineOptionMixin;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every {@code mnasnet bench <suite>} takes. */
final class BenchOptions {

  @Option(
      names = "--quick",
      description = "A ~2-minute version: fewer batch sizes and settings, shorter timings.")
  boolean quick;

  @Option(
      names = "--cpu",
      description =
          "pipeline: only the CPU-per-image cases (28x28 PNG, 256x256 and 1280x960 photo JPEGs,"
              + " batch 32): the app's CPU per image against the bare model's, with more"
              + " repetitions. model: batch 32 with the launcher's engine only; train: 32x32"
              + " only.")
  boolean cpu;

  @Option(
      names = "--tiny",
      hidden = true,
      description =
          "Seconds per suite, numbers meaningless: for the test of the report's structure.")
  boolean tiny;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where to write report.json, summary.md, the charts and logs (default:"
              + " bench-results/<timestamp>/).")
  Path out;

  @Option(
      names = "--python",
      paramLabel = "FILE",
      description =
          "Python with torch + torchvision for the PyTorch peer (default: ${DEFAULT-VALUE},"
              + " Debian's python3-torchvision).",
      defaultValue = "/usr/bin/python3")
  Path python;

  /**
   * The engine the pipeline and soak apps serve with, and the bare model they are compared with
   * (the model suite measures every engine regardless).
   */
  @Mixin EngineOptionMixin engine = new EngineOptionMixin();

  BenchScale scale() {
    return tiny
        ? BenchScale.TINY
        : cpu ? BenchScale.CPU : quick ? BenchScale.QUICK : BenchScale.FULL;
  }
}
