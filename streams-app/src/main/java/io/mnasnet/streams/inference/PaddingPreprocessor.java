package io.mnasnet.streams.inference;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;

/**
 * The {@code pad} preprocessing of {@link Preprocessing} in Java, for images that fit the model
 * input (no resize needed): grey replicated to 3 channels, centred on a black canvas of {@code
 * imageSize} (the extra pixel, if any, bottom/right), normalised as {@code pixel * 1/(255 std) -
 * mean/std}, the same float arithmetic as the SavedModel's encoded signature. Images that need a
 * resize go through the SavedModel's own preprocessing instead.
 */
final class PaddingPreprocessor {
  private final int size;
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];
  private final boolean applicable;

  PaddingPreprocessor(Preprocessing preprocessing) {
    this.size = preprocessing.imageSize();
    this.applicable = Preprocessing.RESIZE_PAD.equals(preprocessing.resize());
    for (int c = 0; c < 3; c++) {
      scale[c] = (float) (1.0 / (255.0 * preprocessing.std().get(c)));
      offset[c] = (float) (-preprocessing.mean().get(c) / preprocessing.std().get(c));
    }
  }

  /** Whether the model's preprocessing is padding (else every image goes to TensorFlow). */
  boolean applicable() {
    return applicable;
  }

  /** Floats per image in an NHWC batch. */
  int imageFloats() {
    return size * size * 3;
  }

  /** Whether {@code image} needs nothing but padding (so this class can prepare it exactly). */
  boolean fits(DecodedImage image) {
    return applicable && image.width() <= size && image.height() <= size;
  }

  /** Writes {@code image} as batch entry {@code index} of the NHWC array {@code batch}. */
  void write(DecodedImage image, float[] batch, int index) {
    byte[] pixels = image.pixels();
    int channels = image.channels();
    int top = (size - image.height()) / 2;
    int left = (size - image.width()) / 2;
    int base = index * imageFloats();
    for (int y = 0; y < size; y++) {
      int iy = y - top;
      for (int x = 0; x < size; x++) {
        int ix = x - left;
        boolean inside = iy >= 0 && ix >= 0 && iy < image.height() && ix < image.width();
        int at = base + (y * size + x) * 3;
        for (int c = 0; c < 3; c++) {
          float pixel =
              inside
                  ? pixels[(iy * image.width() + ix) * channels + (channels == 1 ? 0 : c)] & 0xff
                  : 0;
          batch[at + c] = pixel * scale[c] + offset[c];
        }
      }
    }
  }
}
