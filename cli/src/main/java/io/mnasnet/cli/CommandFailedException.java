package io.mnasnet.cli;

/**
 * A failure the user can fix (no broker, a missing file, nothing sent), whose message says what
 * happened and what to do. The launcher prints the message without a stack trace and exits with
 * {@link #exitCode()}.
 */
public class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code of a command that ran but failed. */
  public static final int DEFAULT_EXIT_CODE = 1;

  private final int exitCode;

  public CommandFailedException(String message) {
    this(message, null);
  }

  public CommandFailedException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = DEFAULT_EXIT_CODE;
  }

  public int exitCode() {
    return exitCode;
  }
}
