package io.mnasnet.streams.validation;

import io.mnasnet.schemas.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads the type and the claimed size of a PNG or JPEG from its header only: a PNG's {@code IHDR}
 * chunk, a JPEG's start-of-frame marker. No pixel buffer is allocated, so a header claiming
 * 100000x100000 pixels costs nothing to read. Thread-safe.
 */
public final class ImageHeaderReader {
  private ImageHeaderReader() {}

  /**
   * The header of {@code bytes}.
   *
   * @throws RejectedImageException {@link RejectionReason#NOT_AN_IMAGE} when the bytes are not a
   *     PNG or JPEG, or its header cannot be read
   */
  public static ImageHeader read(byte[] bytes) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw notAnImage(bytes, "unrecognized format", null);
      }
      ImageReader reader = readers.next();
      try {
        String contentType = contentType(reader.getFormatName());
        if (contentType == null) {
          throw notAnImage(bytes, "a " + reader.getFormatName() + " image, not PNG or JPEG", null);
        }
        reader.setInput(in, true, true);
        return new ImageHeader(contentType, reader.getWidth(0), reader.getHeight(0));
      } finally {
        reader.dispose();
      }
    } catch (RejectedImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw notAnImage(bytes, "unreadable image header: " + e.getMessage(), e);
    }
  }

  private static String contentType(String formatName) {
    return switch (formatName.toLowerCase(Locale.ROOT)) {
      case "png" -> ContentType.PNG;
      case "jpeg", "jpg" -> ContentType.JPEG;
      default -> null;
    };
  }

  private static RejectedImageException notAnImage(byte[] bytes, String what, Throwable cause) {
    return new RejectedImageException(
        RejectionReason.NOT_AN_IMAGE,
        "image data (" + bytes.length + " bytes) is not a PNG or JPEG image: " + what,
        cause);
  }
}
