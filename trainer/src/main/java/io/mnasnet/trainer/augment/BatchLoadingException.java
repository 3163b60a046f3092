package io.mnasnet.trainer.augment;

/** A worker of the {@link PrefetchingBatchLoader} failed to load or transform a sample. */
public final class BatchLoadingException extends RuntimeException {

  BatchLoadingException(String message, Throwable cause) {
    super(message, cause);
  }
}
