package io.mnasnet.trainer.export;

import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.util.List;

/** The two preprocessing recipes the project uses, as {@link Preprocessing} records. */
public final class StandardPreprocessing {

  /** Fashion-MNIST's pixel mean on the 0..1 scale (training set). */
  public static final double FASHION_MNIST_MEAN = 0.2860;

  /** Fashion-MNIST's pixel standard deviation on the 0..1 scale (training set). */
  public static final double FASHION_MNIST_STD = 0.3530;

  /** ImageNet's per-channel means (R, G, B), as torchvision's weights expect. */
  public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);

  /** ImageNet's per-channel standard deviations (R, G, B). */
  public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

  private StandardPreprocessing() {}

  /**
   * Fashion-MNIST style: grey replicated to RGB, normalised with the Fashion-MNIST statistics, the
   * 28x28 image padded evenly to {@code imageSize} with the normalised value of black.
   */
  public static Preprocessing fashionMnist(int imageSize) {
    List<Double> mean = List.of(FASHION_MNIST_MEAN, FASHION_MNIST_MEAN, FASHION_MNIST_MEAN);
    List<Double> std = List.of(FASHION_MNIST_STD, FASHION_MNIST_STD, FASHION_MNIST_STD);
    return new Preprocessing(
        imageSize, Preprocessing.RESIZE_PAD, 0, mean, std, Preprocessing.GRAYSCALE_REPLICATE);
  }

  /**
   * ImageNet style, as torchvision evaluates: shorter side resized to {@code imageSize * 256 /
   * 224}, centre crop of {@code imageSize}, ImageNet normalisation.
   */
  public static Preprocessing imageNet(int imageSize) {
    return new Preprocessing(
        imageSize,
        Preprocessing.RESIZE_CENTER_CROP,
        (int) Math.round(imageSize * 256.0 / 224.0),
        IMAGENET_MEAN,
        IMAGENET_STD,
        Preprocessing.GRAYSCALE_REPLICATE);
  }
}
