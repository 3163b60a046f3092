package io.mnasnet.streams.inference;

/** A model directory cannot be loaded; the message names the directory and what is wrong. */
public class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
