package io.mnasnet.trainer.augment;

import java.util.SplittableRandom;

/**
 * Makes an image 3-channel: a grey image is replicated into R, G and B (MnasNet's stem expects
 * three channels, and some ImageNet JPEGs are greyscale); an RGB image passes through unchanged.
 */
public final class ToRgb implements ImageTransform {

  /** The one instance; the transform has no state. */
  public static final ToRgb INSTANCE = new ToRgb();

  private ToRgb() {}

  @Override
  public FloatImage apply(FloatImage image, SplittableRandom random) {
    if (image.channels() == 3) {
      return image;
    }
    if (image.channels() != 1) {
      throw new IllegalArgumentException(
          "cannot convert a " + image.channels() + "-channel image to RGB (" + image.shape() + ")");
    }
    float[] in = image.pixels();
    float[] out = new float[in.length * 3];
    for (int i = 0; i < in.length; i++) {
      out[3 * i] = in[i];
      out[3 * i + 1] = in[i];
      out[3 * i + 2] = in[i];
    }
    return new FloatImage(image.height(), image.width(), 3, out);
  }
}
