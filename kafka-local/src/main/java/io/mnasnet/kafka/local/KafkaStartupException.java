package io.mnasnet.kafka.local;

/** A Kafka node did not start, or not within the configured time; the message says which. */
public class KafkaStartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KafkaStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
