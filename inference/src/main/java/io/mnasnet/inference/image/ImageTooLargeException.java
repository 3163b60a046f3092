package io.mnasnet.inference.image;

/**
 * An image whose header claims more pixels than the reader allows: refused before any pixel is
 * allocated (a PNG of a few bytes can claim 100000x100000 pixels).
 */
public class ImageTooLargeException extends UnreadableImageException {
  private static final long serialVersionUID = 1L;

  public ImageTooLargeException(String message) {
    super(message);
  }
}
