package io.mnasnet.streams.batching;

/**
 * Tells the micro-batch processors of an instance to flush whatever they hold at their next
 * punctuation instead of waiting for a full batch or the linger: set during a graceful shutdown so
 * buffered images are predicted before the instance leaves its group. Thread-safe.
 */
public final class BatchDrain {
  private volatile boolean draining;

  /** From now on every punctuation flushes its whole buffer. */
  public void start() {
    draining = true;
  }

  public boolean isDraining() {
    return draining;
  }
}
