package io.mnasnet.trainer.snapshot;

import io.mnasnet.schemas.ModelLineage;
import java.util.List;

/**
 * What a snapshot read, as its source describes it; the cache adds the counts to make the {@link
 * ModelLineage.StreamSnapshot}.
 *
 * @param clusterId the Kafka cluster's id
 * @param bootstrapServers the brokers connected to
 * @param from the start position as the user gave it
 * @param group the consumer group, or null
 * @param takenAtMs when the end offsets were read
 * @param partitions every partition read with its range
 * @param split how records were held out for validation
 */
public record SnapshotOrigin(
    String clusterId,
    String bootstrapServers,
    String from,
    String group,
    long takenAtMs,
    List<ModelLineage.PartitionRange> partitions,
    ModelLineage.Split split) {

  public SnapshotOrigin {
    partitions = List.copyOf(partitions);
  }

  /** The lineage of these ranges with the given counts. */
  ModelLineage.StreamSnapshot lineage(ModelLineage.Records records) {
    return new ModelLineage.StreamSnapshot(
        clusterId, bootstrapServers, from, group, takenAtMs, partitions, split, records);
  }
}
