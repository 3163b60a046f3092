package io.mnasnet.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.schemas.ModelLineage.PartitionRange;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Offsets of a snapshot for each start position, on Kafka's own {@link MockConsumer} (which has no
 * offsetsForTimes: a time is tested against a broker, in {@code TrainFromKafkaBadInputIT}).
 */
class SnapshotBoundsTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Test
  void earliestReadsEverythingUpToTheEndAtTheStart() {
    assertThat(resolve("earliest", Map.of()))
        .containsExactly(new PartitionRange("t", 0, 2, 10), new PartitionRange("t", 1, 0, 5));
  }

  @Test
  void committedStartsWhereTheGroupEndedAndEarliestWhereItHasNot() {
    assertThat(resolve("committed", Map.of(P0, 7L)))
        .containsExactly(new PartitionRange("t", 0, 7, 10), new PartitionRange("t", 1, 0, 5));
    // retention deleted past the committed offset: start at what is left
    assertThat(resolve("committed", Map.of(P0, 1L)).get(0))
        .isEqualTo(new PartitionRange("t", 0, 2, 10));
  }

  @Test
  void explicitOffsetsMustLieInThePartition() {
    assertThat(resolve("0:4", Map.of()))
        .containsExactly(new PartitionRange("t", 0, 4, 10), new PartitionRange("t", 1, 0, 5));
    assertThat(resolve("t:1:5", Map.of()).get(1)).isEqualTo(new PartitionRange("t", 1, 5, 5));
    assertThatThrownBy(() -> resolve("0:1", Map.of()))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("[2, 10)")
        .hasMessageContaining("deleted by retention");
    assertThatThrownBy(() -> resolve("3:0", Map.of()))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("t-3, which is not among the partitions read");
  }

  private static List<PartitionRange> resolve(String from, Map<TopicPartition, Long> committed) {
    return SnapshotBounds.resolve(
        consumer(),
        List.of(P0, P1),
        SnapshotStart.parse(from, Clock.systemUTC()),
        committed,
        TIMEOUT);
  }

  private static MockConsumer<byte[], byte[]> consumer() {
    MockConsumer<byte[], byte[]> consumer =
        new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    consumer.updateBeginningOffsets(Map.of(P0, 2L, P1, 0L));
    consumer.updateEndOffsets(Map.of(P0, 10L, P1, 5L));
    return consumer;
  }
}
