package io.mnasnet.trainer.augment;

import java.io.IOException;

/**
 * A {@link SampleSource} that also keeps each sample as it arrived (PNG or JPEG bytes), so that a
 * served model can be scored on exactly what it would have received, through its own decoding and
 * preprocessing.
 */
public interface EncodedSamples extends SampleSource {

  /** The encoded bytes of sample {@code index}. */
  byte[] encoded(int index) throws IOException;

  /** The class of sample {@code index}, without decoding it. */
  int label(int index);
}
