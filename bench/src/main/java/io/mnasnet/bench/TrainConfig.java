package io.mnasnet.bench;

/**
 * One training configuration of the {@code train} suite.
 *
 * @param name label in the report
 * @param width MnasNet width multiplier
 * @param classes number of classes
 * @param imageSize input side
 * @param batch images per step
 */
public record TrainConfig(String name, double width, int classes, int imageSize, int batch) {

  /** Fashion-MNIST-shaped: width 0.5, 10 classes, 32x32, batch 128. */
  public static final TrainConfig SMALL = new TrainConfig("w0.5-32px-b128", 0.5, 10, 32, 128);

  /** ImageNet-shaped: width 1.0, 1000 classes, 224x224, batch 32. */
  public static final TrainConfig LARGE = new TrainConfig("w1.0-224px-b32", 1.0, 1000, 224, 32);

  /** The torchvision constructor of the same network. */
  public String torchvisionArch() {
    return width == 1.0 ? "mnasnet1_0" : width == 0.5 ? "mnasnet0_5" : null;
  }

  /** The same configuration with another batch size (tiny test runs). */
  public TrainConfig withBatch(int newBatch) {
    return new TrainConfig(
        name.replaceAll("-b\\d+$", "-b" + newBatch), width, classes, imageSize, newBatch);
  }
}
