package io.mnasnet.trainer.augment;

import java.io.IOException;

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
}
