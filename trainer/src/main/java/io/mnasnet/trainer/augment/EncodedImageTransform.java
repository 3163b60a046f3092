package io.mnasnet.trainer.augment;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * An {@link ImageTransform} that can also start from an image file's bytes, and then decodes only
 * what its output needs (a JPEG's crop window, at a reduced DCT scale). A {@link SampleSource}
 * holding encoded files (such as an image folder) hands it the bytes instead of a decoded image;
 * both entries draw the same randomness in the same order, so a sample's augmentation does not
 * depend on which one ran.
 */
public interface EncodedImageTransform extends ImageTransform {

  /**
   * Decodes and transforms an encoded image (JPEG, PNG, or any format the project decodes).
   *
   * @throws IOException if the bytes are not a readable image
   */
  FloatImage applyToEncoded(byte[] encoded, SplittableRandom random) throws IOException;
}
