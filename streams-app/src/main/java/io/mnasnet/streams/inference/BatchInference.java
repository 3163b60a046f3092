package io.mnasnet.streams.inference;

import java.util.List;

/** Classifies micro-batches for the stream threads of one instance. Thread-safe. */
public interface BatchInference {
  /**
   * Classifies {@code encodedImages} with one model version.
   *
   * @throws IllegalStateException when no model is loaded
   */
  BatchResult classify(List<byte[]> encodedImages);
}
