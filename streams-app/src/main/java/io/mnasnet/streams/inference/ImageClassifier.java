package io.mnasnet.streams.inference;

import java.util.List;

/**
 * One loaded model version that turns a batch of encoded images into class probabilities. Safe to
 * call from several threads at once. Closing it frees the native model; {@link ModelHolder} closes
 * a replaced model only after its last batch has finished.
 */
public interface ImageClassifier extends AutoCloseable {
  /** The model's name, version and labels. */
  ModelIdentity identity();

  /**
   * Class probabilities of each image, in input order; each row has one entry per label and sums to
   * 1.
   *
   * @param encodedImages PNG or JPEG file bytes, already validated (they decode)
   */
  float[][] classify(List<byte[]> encodedImages);

  /** Frees the model; it must not be used afterwards. */
  @Override
  void close();
}
