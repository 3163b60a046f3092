package io.mnasnet.cli.consume;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.PredictionSerde;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads {@link Prediction}s from assigned partitions (no consumer group, nothing committed) until
 * enough were read, the topic stayed idle too long, or a stop was requested. A record that is not a
 * valid prediction is reported, not fatal. The caller owns (and closes) the consumer; {@code
 * consumer.wakeup()} from another thread ends the read.
 */
public final class PredictionReader {
  /** Receives what the reader finds, on the reading thread. */
  public interface Listener {
    void onPrediction(ConsumerRecord<String, byte[]> record, Prediction prediction);

    void onUnreadable(ConsumerRecord<String, byte[]> record, String reason);
  }

  /** Why reading ended. */
  public enum End {
    MAX_REACHED,
    IDLE_TIMEOUT,
    STOPPED
  }

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final Consumer<String, byte[]> consumer;
  private final PredictionSerde serde = new PredictionSerde();

  public PredictionReader(Consumer<String, byte[]> consumer) {
    this.consumer = consumer;
  }

  /**
   * Reads {@code partitions} from their beginning or their current end.
   *
   * @param max stop after this many predictions; 0 or less for no limit
   * @param idleTimeout stop when no record arrived for this long; zero for never
   */
  public End read(
      List<TopicPartition> partitions,
      boolean fromBeginning,
      long max,
      Duration idleTimeout,
      BooleanSupplier stopRequested,
      Listener listener) {
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    // resolve the positions now, so "latest" means the end at start-up, not at the first poll
    partitions.forEach(consumer::position);
    long predictions = 0;
    long lastRecordAt = System.nanoTime();
    try {
      while (!stopRequested.getAsBoolean()) {
        boolean any = false;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_INTERVAL)) {
          any = true;
          Prediction prediction;
          try {
            prediction = serde.deserializer().deserialize(record.topic(), record.value());
          } catch (SerializationException e) {
            listener.onUnreadable(record, e.getMessage());
            continue;
          }
          if (prediction == null) {
            listener.onUnreadable(record, "null value (tombstone)");
            continue;
          }
          listener.onPrediction(record, prediction);
          predictions++;
          if (max > 0 && predictions >= max) {
            return End.MAX_REACHED;
          }
        }
        if (any) {
          lastRecordAt = System.nanoTime();
        } else if (!idleTimeout.isZero()
            && System.nanoTime() - lastRecordAt >= idleTimeout.toNanos()) {
          return End.IDLE_TIMEOUT;
        }
      }
    } catch (WakeupException e) {
      return End.STOPPED;
    }
    return End.STOPPED;
  }
}
