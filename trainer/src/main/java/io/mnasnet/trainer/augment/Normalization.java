package io.mnasnet.trainer.augment;

import java.util.SplittableRandom;

/**
 * Per-channel standardisation {@code (value - mean[c]) / std[c]} of images in [0, 1].
 *
 * @param mean per-channel mean, one value per channel
 * @param std per-channel standard deviation, one positive value per channel
 */
public record Normalization(float[] mean, float[] std) implements ImageTransform {

  /** Fashion-MNIST training-set statistics (pixels in [0, 1]). */
  public static final Normalization FASHION_MNIST =
      new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

  /** ImageNet RGB statistics used by torchvision's pretrained models, MnasNet included. */
  public static final Normalization IMAGENET =
      new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  public Normalization {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std need one value per channel, got " + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be > 0, got " + s);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Number of channels this normalisation applies to. */
  public int channels() {
    return mean.length;
  }

  /** What black (0) becomes after normalisation, per channel: the fill for padding. */
  public float[] normalizedBlack() {
    float[] black = new float[mean.length];
    for (int c = 0; c < black.length; c++) {
      black[c] = -mean[c] / std[c];
    }
    return black;
  }

  @Override
  public FloatImage apply(FloatImage image, SplittableRandom random) {
    int channels = image.channels();
    if (channels != mean.length) {
      throw new IllegalArgumentException(
          "normalisation has "
              + mean.length
              + " channel(s) but the image is "
              + image.shape()
              + " (convert to RGB after normalising grey images, or use per-channel statistics)");
    }
    float[] in = image.pixels();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      int c = i % channels;
      out[i] = (in[i] - mean[c]) / std[c];
    }
    return new FloatImage(image.height(), image.width(), channels, out);
  }
}
