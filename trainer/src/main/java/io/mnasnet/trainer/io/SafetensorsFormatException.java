package io.mnasnet.trainer.io;

import java.io.IOException;

/**
 * A safetensors file that cannot be read: truncated, with a malformed header, or with tensor
 * entries whose dtype, shape and offsets do not agree. The message names the file and, where one is
 * at fault, the tensor.
 */
public class SafetensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SafetensorsFormatException(String message) {
    super(message);
  }

  public SafetensorsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
