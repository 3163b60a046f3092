package io.mnasnet.cli.produce;

import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.schemas.ContentType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Tells the content type of an image file from its bytes (not its name) and checks that its header
 * decodes, so that a text file named {@code .png} or a truncated download is skipped before it is
 * sent. The pixels are not decoded: that stays the streaming application's job (and its dead-letter
 * queue's).
 */
public final class ImageFileCheck {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private ImageFileCheck() {}

  /**
   * The content type of {@code bytes}: {@link ContentType#PNG} or {@link ContentType#JPEG}.
   *
   * @throws UnreadableImageException if the bytes are neither, or the image header is corrupt
   */
  public static String contentTypeOf(byte[] bytes) throws UnreadableImageException {
    String contentType;
    String format;
    if (startsWith(bytes, PNG_SIGNATURE)) {
      contentType = ContentType.PNG;
      format = "png";
    } else if (startsWith(bytes, JPEG_SIGNATURE)) {
      contentType = ContentType.JPEG;
      format = "jpeg";
    } else if (bytes.length == 0) {
      throw new UnreadableImageException("empty file");
    } else {
      throw new UnreadableImageException("not a PNG or JPEG file (unknown signature)");
    }
    checkHeader(bytes, format);
    return contentType;
  }

  private static void checkHeader(byte[] bytes, String format) throws UnreadableImageException {
    ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        throw new UnreadableImageException(
            "%s header gives an empty image (%dx%d)".formatted(format, width, height));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof UnreadableImageException unreadable) {
        throw unreadable;
      }
      throw new UnreadableImageException(
          "corrupt " + format.toUpperCase(java.util.Locale.ROOT) + " header: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
