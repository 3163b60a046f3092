package io.mnasnet.cli.produce;

import io.mnasnet.inference.image.ImageHeader;
import io.mnasnet.inference.image.ImageHeaderReader;
import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.schemas.ContentType;

/**
 * Tells the content type of an image file from its bytes (not its name) and checks that its header
 * reads ({@link ImageHeaderReader}, the check the streaming app makes), so that a text file named
 * {@code .png} or a truncated download is skipped before it is sent. The pixels are not decoded:
 * that stays the streaming application's job (and its dead-letter queue's).
 */
public final class ImageFileCheck {

  private ImageFileCheck() {}

  /**
   * The content type of {@code bytes}: {@link ContentType#PNG} or {@link ContentType#JPEG}.
   *
   * @throws UnreadableImageException if the bytes are neither, or the image header is corrupt or
   *     gives an empty image
   */
  public static String contentTypeOf(byte[] bytes) throws UnreadableImageException {
    if (bytes.length == 0) {
      throw new UnreadableImageException("empty file");
    }
    ImageHeader header = ImageHeaderReader.read(bytes);
    if (header.width() <= 0 || header.height() <= 0) {
      throw new UnreadableImageException(
          "the header gives an empty image (%dx%d)".formatted(header.width(), header.height()));
    }
    return header.contentType();
  }
}
