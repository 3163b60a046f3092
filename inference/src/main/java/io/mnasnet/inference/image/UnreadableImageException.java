package io.mnasnet.inference.image;

import java.io.IOException;

/** Image bytes that cannot be decoded: not PNG/JPEG, corrupt, or too large. */
public class UnreadableImageException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnreadableImageException(String message) {
    super(message);
  }

  public UnreadableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
