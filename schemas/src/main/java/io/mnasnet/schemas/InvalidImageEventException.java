package io.mnasnet.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value is not a valid image event: malformed or truncated JSON, a missing or mistyped
 * field, bad base64, an unsupported content type, a missing {@code content-type} header... The
 * message names the field or header. Such records belong on the dead-letter queue.
 */
public class InvalidImageEventException extends SerializationException {
  private static final long serialVersionUID = 1L;

  public InvalidImageEventException(String message) {
    super(message);
  }

  public InvalidImageEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
