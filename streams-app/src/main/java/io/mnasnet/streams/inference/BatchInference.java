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

  /**
   * Wall-clock milliseconds during which a model call of this instance was running, the one in
   * progress included. Never decreases. Micro-batches measure their linger net of it: a partial
   * batch waiting while the model is busy would only queue behind that call if flushed.
   */
  long busyMillis();
}
