package io.mnasnet.cli.produce;

import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ContentType;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * {@code produce --max-side N}: images whose longer side exceeds {@code N} pixels are shrunk to it
 * before sending, keeping the aspect ratio (Java2D bicubic, at most halving per step so that it
 * does not alias), and re-encoded in their own format (JPEG at quality 0.92, PNG lossless). A 12-MP
 * photo (4000x3000, 3-6 MB) at {@code --max-side 1280} becomes ~200-400 KB, under Kafka's 1 MB
 * default message size; for a 224 model nothing is lost, as the model resizes to 256 anyway. Images
 * already within the limit are sent as they are. An image that cannot be decoded here, or is larger
 * than {@link #SIZE_LIMIT}, is skipped and named in the summary.
 */
final class DownscalingImageSource implements ImageSource {

  static final float JPEG_QUALITY = 0.92f;

  /**
   * The largest image decoded here: 120 MP, above any camera's photo (a 100-MP medium-format frame
   * is 11648x8736), so that a file whose header claims gigapixels, or a JPEG of thousands of scans,
   * is skipped with a reason instead of exhausting memory or CPU.
   */
  static final ImageSizeLimit SIZE_LIMIT = new ImageSizeLimit(120_000_000L);

  private final ImageSource source;
  private final int maxSide;

  DownscalingImageSource(ImageSource source, int maxSide) {
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be positive, got " + maxSide);
    }
    this.source = source;
    this.maxSide = maxSide;
  }

  @Override
  public String description() {
    return source.description() + ", longer side at most " + maxSide + " px";
  }

  @Override
  public OptionalInt size() {
    return source.size();
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public SourceEntry next() {
    SourceEntry entry = source.next();
    if (!(entry instanceof SourceImage image)) {
      return entry;
    }
    try {
      return downscaled(image);
    } catch (IOException | RuntimeException e) {
      return new SkippedInput(image.name(), "cannot downscale: " + e.getMessage());
    }
  }

  private SourceEntry downscaled(SourceImage image) throws IOException {
    Optional<String> refusal = SIZE_LIMIT.refusal(image.data());
    if (refusal.isPresent()) {
      return new SkippedInput(image.name(), "not downscaled: " + refusal.get());
    }
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.data()));
    if (decoded == null) {
      throw new IOException("not decodable by javax.imageio");
    }
    int width = decoded.getWidth();
    int height = decoded.getHeight();
    if (Math.max(width, height) <= maxSide) {
      return image;
    }
    double scale = (double) maxSide / Math.max(width, height);
    int newWidth = Math.max(1, (int) Math.round(width * scale));
    int newHeight = Math.max(1, (int) Math.round(height * scale));
    boolean jpeg = ContentType.JPEG.equals(image.contentType());
    BufferedImage shrunk = shrink(decoded, newWidth, newHeight, jpeg);
    byte[] encoded = jpeg ? encodeJpeg(shrunk) : encodePng(shrunk);
    return new SourceImage(
        image.id(), image.name(), image.contentType(), encoded, image.source(), image.attributes());
  }

  /** Bicubic, halving at most per step: a one-step bicubic shrink by more than 2x aliases. */
  static BufferedImage shrink(BufferedImage image, int width, int height, boolean opaque) {
    int type =
        opaque || !image.getColorModel().hasAlpha()
            ? BufferedImage.TYPE_INT_RGB
            : BufferedImage.TYPE_INT_ARGB;
    BufferedImage current = image;
    do {
      int w = Math.max(width, current.getWidth() / 2);
      int h = Math.max(height, current.getHeight() / 2);
      BufferedImage next = new BufferedImage(w, h, type);
      Graphics2D g = next.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(current, 0, 0, w, h, null);
      g.dispose();
      current = next;
    } while (current.getWidth() != width || current.getHeight() != height);
    return current;
  }

  private static byte[] encodeJpeg(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static byte[] encodePng(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", bytes)) {
      throw new IOException("no PNG writer");
    }
    return bytes.toByteArray();
  }
}
