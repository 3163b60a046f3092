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
   * Scores of each image, in input order. An image the model cannot read gets a failed {@link
   * ImageScores} without failing the others; a failure of the model itself throws.
   *
   * @param encodedImages PNG or JPEG file bytes, already validated (they decode)
   */
  List<ImageScores> classify(List<byte[]> encodedImages);

  /** Frees the model; it must not be used afterwards. */
  @Override
  void close();
}
