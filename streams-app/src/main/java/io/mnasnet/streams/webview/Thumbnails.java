package io.mnasnet.streams.webview;

import io.mnasnet.inference.image.ImageHeader;
import io.mnasnet.inference.image.ImageHeaderReader;
import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.schemas.ContentType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns an encoded image into the small picture of a card. A small image (Fashion-MNIST's 28x28
 * PNGs) is used as it is: no decoding at all. A larger one is decoded once, scaled down to fit
 * {@value #MAX_EDGE} pixels (halving steps, then one bilinear step: smooth, and fast even for a
 * large photo) and re-encoded as JPEG. The media type comes from the bytes' own header, never from
 * what a producer declared.
 */
final class Thumbnails {
  /** Longest edge of a thumbnail, in pixels (cards show them at up to half this size, 2x). */
  static final int MAX_EDGE = 128;

  /** Images at most this large (and {@link #MAX_EDGE} wide and high) are shown as they are. */
  static final int MAX_VERBATIM_BYTES = 16 * 1024;

  private static final float JPEG_QUALITY = 0.85f;

  private Thumbnails() {}

  /**
   * A card's picture.
   *
   * @param mediaType {@code image/png} or {@code image/jpeg}, from the bytes' own header
   * @param bytes the encoded picture (the original bytes themselves for a small image)
   */
  record Thumbnail(String mediaType, byte[] bytes) {}

  /** The thumbnail of {@code encoded}, or empty if the image is unreadable. */
  static Optional<Thumbnail> of(byte[] encoded) {
    ImageHeader header;
    try {
      header = ImageHeaderReader.read(encoded);
    } catch (UnreadableImageException e) {
      return Optional.empty();
    }
    if (header.width() <= MAX_EDGE
        && header.height() <= MAX_EDGE
        && encoded.length <= MAX_VERBATIM_BYTES) {
      return Optional.of(new Thumbnail(header.contentType(), encoded));
    }
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
      if (image == null) {
        return Optional.empty();
      }
      return Optional.of(new Thumbnail(ContentType.JPEG, jpeg(scaleToFit(image, MAX_EDGE))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a decoder's complaint about a damaged image: show no picture
    }
  }

  /** {@code image} scaled down (never up) so that neither edge exceeds {@code edge}, as RGB. */
  static BufferedImage scaleToFit(BufferedImage image, int edge) {
    double scale = Math.min(1.0, edge / (double) Math.max(image.getWidth(), image.getHeight()));
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage current = image;
    // halve while more than twice too large: one bilinear step over a large ratio would alias
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    return draw(current, width, height);
  }

  private static BufferedImage draw(BufferedImage source, int width, int height) {
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE); // transparent pixels of a PNG become white, not black
      g.fillRect(0, 0, width, height);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  private static byte[] jpeg(BufferedImage rgb) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(rgb, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
