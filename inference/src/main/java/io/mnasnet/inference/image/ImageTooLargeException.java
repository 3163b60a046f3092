package io.mnasnet.inference.image;

/**
 * An image its {@link ImageSizeLimit} refuses, judged from its header: more pixels than allowed (a
 * PNG of a few bytes can claim 100000x100000 pixels) or a JPEG of more scans than allowed. Refused
 * before any pixel is allocated.
 */
public class ImageTooLargeException extends UnreadableImageException {
  private static final long serialVersionUID = 1L;

  public ImageTooLargeException(String message) {
    super(message);
  }
}
