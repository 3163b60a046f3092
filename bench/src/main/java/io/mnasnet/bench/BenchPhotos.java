package io.mnasnet.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Camera-like JPEGs made from real photographs: the photos among Debian's {@code
 * plasma-workspace-wallpapers} (2560x1600 originals of boats, leaves, a pier, a forest, cups,
 * moss...), centre-cropped to the wanted aspect ratio and shrunk with Java2D's bicubic filter in
 * halving steps, then encoded at quality 90. Varied content with real noise and texture, not flat
 * upscales. Without the package the photo cases are skipped with a note.
 */
final class BenchPhotos {

  /** Where Debian's plasma-workspace-wallpapers installs its images. */
  static final Path WALLPAPERS = Path.of("/usr/share/wallpapers");

  /** The wallpapers that are photographs (the others are drawings). */
  static final List<String> PHOTOS =
      List.of(
          "BytheWater",
          "ColdRipple",
          "ColorfulCups",
          "DarkestHour",
          "EveningGlow",
          "FallenLeaf",
          "Grey",
          "Kite",
          "OneStandsOut",
          "Path",
          "summer_1am",
          "Autumn");

  private static final float QUALITY = 0.9f;

  private BenchPhotos() {}

  /** One JPEG of {@code width x height} per photo found; fails if none is installed. */
  static List<byte[]> jpegs(int width, int height) {
    List<byte[]> jpegs = new ArrayList<>();
    for (String name : PHOTOS) {
      Path file = WALLPAPERS.resolve(name).resolve("contents/images/2560x1600.jpg");
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        BufferedImage photo = ImageIO.read(file.toFile());
        if (photo != null) {
          jpegs.add(encode(shrink(cropTo(photo, width, height), width, height)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    if (jpegs.isEmpty()) {
      throw new IllegalStateException(
          "skipped: no real photos found under "
              + WALLPAPERS
              + " (install the Debian package plasma-workspace-wallpapers)");
    }
    return jpegs;
  }

  /** The photographs found (decoded 2560x1600 originals); empty without the package. */
  static List<BufferedImage> originals() {
    List<BufferedImage> photos = new ArrayList<>();
    for (String name : PHOTOS) {
      Path file = WALLPAPERS.resolve(name).resolve("contents/images/2560x1600.jpg");
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        BufferedImage photo = ImageIO.read(file.toFile());
        if (photo != null) {
          photos.add(photo);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return photos;
  }

  private static BufferedImage cropTo(BufferedImage image, int width, int height) {
    int w = image.getWidth();
    int h = image.getHeight();
    if ((long) w * height > (long) h * width) {
      int cropped = (int) ((long) h * width / height);
      return image.getSubimage((w - cropped) / 2, 0, cropped, h);
    }
    int cropped = (int) ((long) w * height / width);
    return image.getSubimage(0, (h - cropped) / 2, w, cropped);
  }

  /** Bicubic, at most halving per step (a one-step bicubic shrink aliases). */
  static BufferedImage shrink(BufferedImage image, int width, int height) {
    BufferedImage current = image;
    while (current.getWidth() != width || current.getHeight() != height) {
      int w = Math.max(width, current.getWidth() / 2);
      int h = Math.max(height, current.getHeight() / 2);
      BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = next.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(current, 0, 0, w, h, null);
      g.dispose();
      current = next;
    }
    return current;
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    return encode(image, QUALITY);
  }

  /** JPEG at {@code quality} (0-1), 4:2:0 chroma as javax.imageio writes it. */
  static byte[] encode(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
