package io.mnasnet.trainer.snapshot;

import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.util.List;

/**
 * The description of a finished snapshot cache ({@code manifest.json}, written last: a cache
 * without it is incomplete).
 *
 * @param format the cache format, {@value #FORMAT}
 * @param preprocessing the preprocessing the cached images were prepared for (their size and
 *     geometry) and that models trained on them use
 * @param labels the class names, index = class
 * @param topics the topics of the index's topic numbers
 * @param trainImages images in the training split
 * @param validationImages images held out for validation
 * @param snapshot the snapshot's lineage: cluster, ranges, split, counts
 * @param read how fast it was read
 */
public record SnapshotManifest(
    int format,
    Preprocessing preprocessing,
    List<String> labels,
    List<String> topics,
    long trainImages,
    long validationImages,
    ModelLineage.StreamSnapshot snapshot,
    ReadStatistics read) {

  /** The format this code writes and reads. */
  public static final int FORMAT = 1;

  public SnapshotManifest {
    labels = List.copyOf(labels);
    topics = List.copyOf(topics);
  }
}
