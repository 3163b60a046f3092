package io.mnasnet.trainer.data;

import java.io.IOException;

/** An IDX file that cannot be read; the message names the file and what is wrong. */
public class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }

  public IdxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
