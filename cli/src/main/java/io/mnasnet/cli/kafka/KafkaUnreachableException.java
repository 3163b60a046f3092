package io.mnasnet.cli.kafka;

import io.mnasnet.cli.CommandFailedException;

/** The brokers did not answer, or refused the connection's credentials; the message says why. */
public class KafkaUnreachableException extends CommandFailedException {
  private static final long serialVersionUID = 1L;

  public KafkaUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
