package io.mnasnet.bench;

/**
 * One training configuration of the {@code train} suite.
 *
 * @param name label in the report
 * @param width MnasNet width multiplier
 * @param classes number of classes
 * @param imageSize input side
 * @param batch images per step (the global batch: split between the replicas)
 * @param replicas data-parallel replicas (on the CPU, one per core)
 * @param jpegs whether the batches come from ImageNet-like JPEGs through the image-folder loader
 *     (else Fashion-MNIST's sample, or synthetic images in memory)
 */
public record TrainConfig(
    String name, double width, int classes, int imageSize, int batch, int replicas, boolean jpegs) {

  /** Fashion-MNIST-shaped: width 0.5, 10 classes, 32x32, batch 128. */
  public static final TrainConfig SMALL =
      new TrainConfig("w0.5-32px-b128", 0.5, 10, 32, 128, 1, false);

  /** {@link #SMALL} on two replicas (one per core here). */
  public static final TrainConfig SMALL_REPLICATED =
      new TrainConfig("w0.5-32px-b128-2replicas", 0.5, 10, 32, 128, 2, false);

  /** ImageNet-shaped: width 1.0, 1000 classes, 224x224, batch 32, from JPEGs. */
  public static final TrainConfig LARGE =
      new TrainConfig("w1.0-224px-b32-jpeg", 1.0, 1000, 224, 32, 1, true);

  /** {@link #LARGE} on two replicas. */
  public static final TrainConfig LARGE_REPLICATED =
      new TrainConfig("w1.0-224px-b32-jpeg-2replicas", 1.0, 1000, 224, 32, 2, true);

  /** The torchvision constructor of the same network. */
  public String torchvisionArch() {
    return width == 1.0 ? "mnasnet1_0" : width == 0.5 ? "mnasnet0_5" : null;
  }

  /** The same configuration with another batch size (tiny test runs). */
  public TrainConfig withBatch(int newBatch) {
    return new TrainConfig(
        name.replaceAll("-b\\d+", "-b" + newBatch),
        width,
        classes,
        imageSize,
        newBatch,
        replicas,
        jpegs);
  }
}
