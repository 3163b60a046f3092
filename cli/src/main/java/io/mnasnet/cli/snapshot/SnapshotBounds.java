package io.mnasnet.cli.snapshot;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.schemas.ModelLineage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets {@code [start, end)} of each partition of a snapshot: {@code end} is the partition's
 * end offset when the snapshot is taken, as a {@code read_committed} consumer sees it (the last
 * stable offset: nothing before it is still undecided), so records written later are not in it;
 * {@code start} is where {@link SnapshotStart} says.
 */
final class SnapshotBounds {

  private SnapshotBounds() {}

  /**
   * The ranges of {@code partitions}, in their order.
   *
   * @param consumer a {@code read_committed} consumer, with the group's id when there is a group
   * @param committed the group's committed offsets (empty without a group)
   * @throws CommandFailedException when explicit offsets name a partition not read, or lie outside
   *     what the partition holds
   */
  static List<ModelLineage.PartitionRange> resolve(
      Consumer<?, ?> consumer,
      List<TopicPartition> partitions,
      SnapshotStart start,
      Map<TopicPartition, Long> committed,
      Duration timeout) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions, timeout);
    Map<TopicPartition, Long> starts = new HashMap<>(earliest);
    if (start instanceof SnapshotStart.Committed) {
      for (TopicPartition tp : partitions) {
        Long offset = committed.get(tp);
        if (offset != null) {
          // retention may have deleted past it; records written after are never before the end
          starts.put(tp, Math.min(Math.max(offset, earliest.get(tp)), ends.get(tp)));
        }
      }
    } else if (start instanceof SnapshotStart.AtTime at) {
      Map<TopicPartition, Long> times = new HashMap<>();
      partitions.forEach(tp -> times.put(tp, at.at().toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, timeout);
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp first = found.get(tp);
        // no record at or after the time: the partition contributes nothing
        starts.put(tp, first == null ? ends.get(tp) : Math.min(first.offset(), ends.get(tp)));
      }
    } else if (start instanceof SnapshotStart.AtOffsets explicit) {
      Set<String> topics =
          partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet());
      for (SnapshotStart.Offset offset : explicit.offsets()) {
        String topic = offset.topic();
        if (topic == null) {
          if (topics.size() != 1) {
            throw new CommandFailedException(
                "--from "
                    + start.text()
                    + ": name the topic of each offset (TOPIC:PARTITION:OFFSET) when reading "
                    + topics.size()
                    + " topics");
          }
          topic = topics.iterator().next();
        }
        TopicPartition tp = new TopicPartition(topic, offset.partition());
        if (!ends.containsKey(tp)) {
          throw new CommandFailedException(
              "--from "
                  + start.text()
                  + " names "
                  + tp
                  + ", which is not among the partitions read");
        }
        if (offset.offset() < earliest.get(tp) || offset.offset() > ends.get(tp)) {
          throw new CommandFailedException(
              "--from "
                  + start.text()
                  + ": offset "
                  + offset.offset()
                  + " of "
                  + tp
                  + " is outside what the partition holds, ["
                  + earliest.get(tp)
                  + ", "
                  + ends.get(tp)
                  + ")"
                  + (offset.offset() < earliest.get(tp)
                      ? "; older records were deleted by retention"
                      : ""));
        }
        starts.put(tp, offset.offset());
      }
    }
    List<ModelLineage.PartitionRange> ranges = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      ranges.add(
          new ModelLineage.PartitionRange(
              tp.topic(), tp.partition(), starts.get(tp), ends.get(tp)));
    }
    return ranges;
  }
}
