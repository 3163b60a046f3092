package io.mnasnet.inference.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes 8-bit greyscale and RGB pixels as PNG (lossless, and byte-for-byte deterministic for the
 * same pixels) or JPEG (with a given quality), and decodes PNG/JPEG bytes back to pixels, with the
 * JDK's {@code javax.imageio}.
 *
 * <p>Pixel values are copied to and from rasters directly, never through Java2D colour conversion,
 * which would apply a gamma curve to greyscale and change the values. Streams are cached in memory,
 * never in temporary files.
 */
public final class ImageEncoding {
  private ImageEncoding() {}

  /** PNG bytes of {@code image} (grey: 8-bit greyscale PNG; RGB: 8-bit truecolour PNG). */
  public static byte[] encodePng(DecodedImage image) {
    return write(toBufferedImage(image), "png", null);
  }

  /** PNG bytes of a greyscale image, {@code width * height} pixels row-major. */
  public static byte[] encodeGreyPng(byte[] pixels, int width, int height) {
    return encodePng(DecodedImage.grey(width, height, pixels));
  }

  /**
   * JPEG bytes of {@code image} (baseline JFIF; one component for grey, YCbCr for RGB).
   *
   * @param quality 0.0 (smallest) to 1.0 (best)
   */
  public static byte[] encodeJpeg(DecodedImage image, float quality) {
    if (!(quality >= 0f && quality <= 1f)) {
      throw new IllegalArgumentException("JPEG quality must be in 0..1, got " + quality);
    }
    return write(toBufferedImage(image), "jpeg", quality);
  }

  /**
   * Decodes PNG or JPEG bytes to 8-bit pixels: greyscale images (also 16-bit, or with alpha) to one
   * channel, everything else to RGB. Alpha is dropped. The header is read first ({@link
   * ImageHeaderReader}), so an image {@code limit} refuses is refused before its pixels are
   * allocated.
   *
   * @throws UnreadableImageException if the bytes are not a PNG or JPEG, are corrupt, or {@code
   *     limit} refuses the image; the message says which
   */
  public static DecodedImage decode(byte[] bytes, ImageSizeLimit limit)
      throws UnreadableImageException {
    return ImageHeaderReader.open(
        bytes,
        (header, reader) -> {
          limit.check(header);
          return fromBufferedImage(reader.read(0));
        });
  }

  private static BufferedImage toBufferedImage(DecodedImage image) {
    int width = image.width();
    int height = image.height();
    byte[] pixels = image.pixels();
    if (image.isGrey()) {
      BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      out.getRaster().setDataElements(0, 0, width, height, pixels);
      return out;
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster raster = out.getRaster();
    int[] samples = new int[pixels.length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = pixels[i] & 0xff;
    }
    // setPixels takes samples in band order (R, G, B), whatever the byte layout underneath
    raster.setPixels(0, 0, width, height, samples);
    return out;
  }

  private static DecodedImage fromBufferedImage(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    Raster raster = image.getRaster();
    // palette images have an sRGB colour space, so they take the RGB path below
    boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    if (grey) {
      int bits = image.getColorModel().getComponentSize(0);
      int max = (1 << bits) - 1;
      int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
      byte[] out = new byte[samples.length];
      for (int i = 0; i < out.length; i++) {
        // rescale 16-bit (or 1/2/4-bit) grey to 0..255, rounding; 8-bit is unchanged
        out[i] = (byte) (bits == 8 ? samples[i] : (samples[i] * 255 + max / 2) / max);
      }
      return DecodedImage.owning(width, height, 1, out);
    }
    // getRGB converts any colour model (palette, 16-bit, alpha) to 8-bit sRGB
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    byte[] out = new byte[argb.length * 3];
    for (int i = 0; i < argb.length; i++) {
      out[3 * i] = (byte) (argb[i] >> 16);
      out[3 * i + 1] = (byte) (argb[i] >> 8);
      out[3 * i + 2] = (byte) argb[i];
    }
    return DecodedImage.owning(width, height, 3, out);
  }

  private static byte[] write(BufferedImage image, String format, Float jpegQuality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (jpegQuality != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      // writing to memory does not fail for I/O reasons
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
