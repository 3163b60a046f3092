package io.mnasnet.trainer.io;

import java.io.IOException;

/** A {@code .npy} file that cannot be read; the message names the file and what is wrong. */
public class NpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public NpyFormatException(String message) {
    super(message);
  }
}
