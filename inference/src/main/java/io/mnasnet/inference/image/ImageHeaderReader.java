package io.mnasnet.inference.image;

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
 * Reads the {@link ImageHeader} of a PNG or JPEG: the type, the claimed size (a PNG's {@code IHDR}
 * chunk, a JPEG's start-of-frame marker, through the JDK's {@code javax.imageio}) and a JPEG's
 * scans ({@link JpegScans}). No pixel buffer is allocated, so a header claiming 100000x100000
 * pixels costs nothing to read. The one header check of the project: the streaming app's
 * validation, Java decoding ({@link ImageEncoding#decode}) and the engines' encoded paths all read
 * headers here and judge them with an {@link ImageSizeLimit}. Thread-safe.
 */
public final class ImageHeaderReader {

  private ImageHeaderReader() {}

  /**
   * The header of {@code bytes}.
   *
   * @throws UnreadableImageException when the bytes are not a PNG or JPEG, or its header cannot be
   *     read; the message says which
   */
  public static ImageHeader read(byte[] bytes) throws UnreadableImageException {
    return open(bytes, (header, reader) -> header);
  }

  /** What to do with an image whose header has been read. */
  @FunctionalInterface
  interface HeaderAction<T> {
    /**
     * @param header the header read
     * @param reader the JDK reader positioned on the image, to decode its pixels if wanted
     */
    T apply(ImageHeader header, ImageReader reader) throws IOException;
  }

  /**
   * Reads the header of {@code bytes} and hands it, with the JDK reader that read it, to {@code
   * action}: {@link ImageEncoding#decode} decodes with the same reader, so the header is parsed
   * once. The reader and stream are closed afterwards.
   *
   * @throws UnreadableImageException when the header cannot be read, and for whatever {@code
   *     action} throws: its own {@link UnreadableImageException}s as they are, I/O and runtime
   *     exceptions of the JDK's decoders (their way of reporting corrupt data) wrapped in one
   */
  static <T> T open(byte[] bytes, HeaderAction<T> action) throws UnreadableImageException {
    // A memory-cached stream: ImageIO.createImageInputStream would cache in a temporary file, a
    // file created and deleted per image.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw notPngOrJpeg(bytes, "unrecognized format");
      }
      ImageReader reader = readers.next();
      try {
        String contentType = contentType(reader.getFormatName());
        if (contentType == null) {
          throw notPngOrJpeg(bytes, "a " + reader.getFormatName() + " image");
        }
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        int scans =
            contentType.equals(ContentType.JPEG)
                ? JpegScans.count(bytes, ImageSizeLimit.MAX_JPEG_SCANS)
                : 1;
        return action.apply(new ImageHeader(contentType, width, height, scans), reader);
      } finally {
        reader.dispose();
      }
    } catch (UnreadableImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // ImageIO signals corrupt input with IIOException and, in some decoders, runtime exceptions
      throw new UnreadableImageException("corrupt or unreadable image: " + describe(e), e);
    }
  }

  private static String contentType(String formatName) {
    return switch (formatName.toLowerCase(Locale.ROOT)) {
      case "png" -> ContentType.PNG;
      case "jpeg", "jpg" -> ContentType.JPEG;
      default -> null;
    };
  }

  private static UnreadableImageException notPngOrJpeg(byte[] bytes, String what) {
    return new UnreadableImageException(
        "not a PNG or JPEG image (" + bytes.length + " bytes): " + what);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
