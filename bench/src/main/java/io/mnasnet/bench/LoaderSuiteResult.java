package io.mnasnet.bench;

/**
 * The image-folder loader against PyTorch's DataLoader on the same JPEGs and cores.
 *
 * @param method what each side does
 * @param images the JPEGs (count, size, origin)
 * @param note why a side was skipped, or the PyTorch versions
 * @param cores worker threads / processes of each side (one per core)
 * @param trainer images/s of the trainer's loader, every repetition of both rounds
 * @param trainerCpuMsPerImage its CPU time per image
 * @param pyTorch images/s of PyTorch's DataLoader, or null
 * @param pyTorchCpuMsPerImage its CPU time per image (main process and workers), or null
 * @param previous images/s of the trainer's previous pipeline (whole decode in javax.imageio), or
 *     null
 * @param previousCpuMsPerImage its CPU time per image, or null
 */
public record LoaderSuiteResult(
    String method,
    String images,
    String note,
    int cores,
    Spread trainer,
    Spread trainerCpuMsPerImage,
    Spread pyTorch,
    Spread pyTorchCpuMsPerImage,
    Spread previous,
    Spread previousCpuMsPerImage) {

  /** Trainer images/s per core. */
  public Double trainerPerCore() {
    return trainer == null ? null : trainer.median() / cores;
  }

  /** Trainer / PyTorch, medians of wall-clock images/s (same cores). */
  public Double ratio() {
    return trainer == null || pyTorch == null ? null : trainer.median() / pyTorch.median();
  }

  /** PyTorch / trainer CPU time per image, medians. */
  public Double cpuRatio() {
    return trainerCpuMsPerImage == null || pyTorchCpuMsPerImage == null
        ? null
        : pyTorchCpuMsPerImage.median() / trainerCpuMsPerImage.median();
  }
}
