package io.mnasnet.trainer.model;

/**
 * The hyper-parameters that fix one MnasNet-B1 network: how wide, how many classes, what input size
 * and how its BatchNorm and dropout behave. Validated on construction, so a network built from it
 * is always well-formed.
 *
 * @param width width (depth) multiplier applied to every channel count except the 1280-wide head,
 *     rounded as torchvision does; any positive value (0.5, 0.75, 1.0, 1.3 are the published ones)
 * @param numClasses number of output classes (logits)
 * @param imageSize side of the square NHWC input; at least {@value #MIN_IMAGE_SIZE} (the network
 *     halves the resolution five times)
 * @param dropout dropout rate before the classifier, in [0, 1)
 * @param batchNormMomentum PyTorch-convention BatchNorm momentum: {@code moving = (1 - m) * moving
 *     + m * batch}; TensorFlow's {@code exponentialAvgFactor} has the same meaning
 * @param batchNormEpsilon added to the variance before the square root
 */
public record MnasNetConfig(
    double width,
    int numClasses,
    int imageSize,
    double dropout,
    double batchNormMomentum,
    double batchNormEpsilon) {

  /** Smallest input side: five stride-2 stages reduce 32 pixels to 1. */
  public static final int MIN_IMAGE_SIZE = 32;

  /** torchvision's dropout rate before the classifier. */
  public static final double DEFAULT_DROPOUT = 0.2;

  /**
   * torchvision's BatchNorm momentum ({@code 1 - 0.9997}), tuned for 350-epoch ImageNet runs. Short
   * runs need a larger value (e.g. 0.1), or the moving statistics barely move.
   */
  public static final double TORCHVISION_BATCH_NORM_MOMENTUM = 1 - 0.9997;

  /** PyTorch's BatchNorm epsilon (Keras' default of 1e-3 would not reproduce torchvision). */
  public static final double DEFAULT_BATCH_NORM_EPSILON = 1e-5;

  public MnasNetConfig {
    if (!(width > 0) || Double.isInfinite(width)) {
      throw new IllegalArgumentException("width must be a positive number, got " + width);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
    }
    if (imageSize < MIN_IMAGE_SIZE) {
      throw new IllegalArgumentException(
          "imageSize must be at least " + MIN_IMAGE_SIZE + " pixels, got " + imageSize);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (!(batchNormMomentum > 0 && batchNormMomentum <= 1)) {
      throw new IllegalArgumentException(
          "batchNormMomentum must be in (0, 1], got " + batchNormMomentum);
    }
    if (!(batchNormEpsilon > 0)) {
      throw new IllegalArgumentException(
          "batchNormEpsilon must be positive, got " + batchNormEpsilon);
    }
  }

  /** torchvision's defaults for everything but the shape of the problem. */
  public static MnasNetConfig of(double width, int numClasses, int imageSize) {
    return new MnasNetConfig(
        width,
        numClasses,
        imageSize,
        DEFAULT_DROPOUT,
        TORCHVISION_BATCH_NORM_MOMENTUM,
        DEFAULT_BATCH_NORM_EPSILON);
  }

  /** The same network with another BatchNorm momentum (a training choice, not architecture). */
  public MnasNetConfig withBatchNormMomentum(double momentum) {
    return new MnasNetConfig(width, numClasses, imageSize, dropout, momentum, batchNormEpsilon);
  }

  /** The same network with another dropout rate. */
  public MnasNetConfig withDropout(double rate) {
    return new MnasNetConfig(
        width, numClasses, imageSize, rate, batchNormMomentum, batchNormEpsilon);
  }
}
