package io.mnasnet.streams.config;

import java.util.Locale;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams' processing guarantee, as written in the {@code processing.guarantee} setting. */
public enum ProcessingGuarantee {
  /**
   * Transactions: the batch buffer, input offsets, predictions and dead letters commit together; a
   * crash neither loses nor duplicates a prediction (for {@code read_committed} readers).
   */
  EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
  /** No transactions: lower latency, but a crash can duplicate predictions (never lose them). */
  AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

  private final String streamsValue;

  ProcessingGuarantee(String streamsValue) {
    this.streamsValue = streamsValue;
  }

  /** The value of Kafka Streams' {@code processing.guarantee}. */
  public String streamsValue() {
    return streamsValue;
  }

  /** Parses {@code exactly_once_v2} / {@code at_least_once} (case-insensitive, '-' for '_'). */
  public static ProcessingGuarantee parse(String text) {
    String normalized = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (ProcessingGuarantee guarantee : values()) {
      if (guarantee.streamsValue.equals(normalized)) {
        return guarantee;
      }
    }
    throw new IllegalArgumentException("must be exactly_once_v2 or at_least_once");
  }
}
