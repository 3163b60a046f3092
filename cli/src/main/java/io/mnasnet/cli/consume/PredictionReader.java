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
    assign(partitions, fromBeginning);
    return readAssigned(max, idleTimeout, stopRequested, listener);
  }

  /**
   * Assigns {@code partitions} and fixes the start positions now (their beginning or their current
   * end), so that "the end" means the end at this call, not at the first poll: a caller that
   * produces after this returns sees all of its records. May run on another thread than {@link
   * #readAssigned}, if that thread starts after this returns.
   */
  public void assign(List<TopicPartition> partitions, boolean fromBeginning) {
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    partitions.forEach(consumer::position);
  }

  /**
   * Reads from the positions {@link #assign} fixed.
   *
   * @param max stop after this many predictions; 0 or less for no limit
   * @param idleTimeout stop when no record arrived for this long; zero for never
   */
  public End readAssigned(
      long max, Duration idleTimeout, BooleanSupplier stopRequested, Listener listener) {
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
