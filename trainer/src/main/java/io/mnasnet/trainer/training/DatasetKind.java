package io.mnasnet.trainer.training;

/** The kinds of dataset the trainer reads. */
public enum DatasetKind {
  /**
   * Fashion-MNIST IDX files ({@code train-*} and {@code t10k-*}, gzipped or plain): trained on the
   * training split, validated on the official test split, at 32x32 (28x28 padded).
   */
  FASHION_MNIST,
  /**
   * A one-folder-per-class image tree: ImageNet-style with {@code train/<class>/} and {@code
   * val/<class>/}, or a single {@code <class>/} level from which a validation fraction is held out.
   */
  IMAGE_FOLDER,
  /**
   * A bounded snapshot of Kafka topics, read once by {@code train --from-kafka} into the run
   * directory's cache ({@link io.mnasnet.trainer.snapshot.SnapshotCache}); the data directory is
   * the cache, and {@code --resume} trains on it again without Kafka.
   */
  STREAM_SNAPSHOT
}
