package io.mnasnet.trainer.augment;

import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Random access to a dataset's samples by index. {@link #load} is called concurrently from the
 * {@link PrefetchingBatchLoader}'s worker threads, so implementations must be thread-safe; decoding
 * (e.g. JPEG) belongs in {@code load} so that it runs on the workers.
 */
public interface SampleSource {

  /** Number of samples; indices are {@code 0..size()-1}. */
  int size();

  /** Loads (and decodes) sample {@code index}. */
  LabelledImage load(int index) throws IOException;

  /**
   * Loads sample {@code index} and applies {@code transform} to it, drawing from {@code random}.
   * Sources of encoded files override this to hand an {@link EncodedImageTransform} the bytes, so
   * that it decodes only what it keeps.
   */
  default LabelledImage loadTransformed(
      int index, ImageTransform transform, SplittableRandom random) throws IOException {
    LabelledImage sample = load(index);
    return new LabelledImage(transform.apply(sample.image(), random), sample.label());
  }
}
