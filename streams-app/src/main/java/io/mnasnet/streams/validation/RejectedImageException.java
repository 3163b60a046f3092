package io.mnasnet.streams.validation;

/**
 * An input record that the pipeline refuses: bad input is data, so this exception sends the record
 * to the dead-letter topic (see {@code DeadLetterProcessingExceptionHandler}) and processing goes
 * on. The message says what is wrong and names the field, header or limit.
 */
public class RejectedImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RejectionReason reason;

  public RejectedImageException(RejectionReason reason, String message) {
    this(reason, message, null);
  }

  public RejectedImageException(RejectionReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
