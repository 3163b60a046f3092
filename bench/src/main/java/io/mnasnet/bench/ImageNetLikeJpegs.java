package io.mnasnet.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An image-folder tree of ImageNet-like JPEGs, made in the bench run (never committed): 500x375
 * (ImageNet's most common size), each a different window of one of Debian's wallpaper photographs
 * ({@link BenchPhotos}: boats, leaves, a pier, cups...) at 20-60% of its width, shrunk with
 * Java2D's bicubic filter in halving steps, and encoded at the quality that brings it nearest
 * {@value #TARGET_BYTES} bytes (ImageNet's training JPEGs average about 110 KB at that size). Real
 * photographs, real texture and noise: decoding cost depends on both.
 *
 * <p>{@code DIR/<class>/<n>.jpg}, {@value #CLASSES} classes, as {@code ImageFolder} (torchvision)
 * and {@code ImageFolderDataset} (the trainer) read it.
 */
final class ImageNetLikeJpegs {

  static final int WIDTH = 500;
  static final int HEIGHT = 375;
  static final int TARGET_BYTES = 110_000;
  static final int CLASSES = 8;

  /**
   * What was written.
   *
   * @param dir the tree's root
   * @param images number of files
   * @param medianBytes median file size
   * @param minBytes smallest
   * @param maxBytes largest
   */
  record Written(Path dir, int images, long medianBytes, long minBytes, long maxBytes) {
    String describe() {
      return "%d JPEGs of %dx%d made from %d photographs, median %.0f KB (%.0f-%.0f)"
          .formatted(
              images,
              WIDTH,
              HEIGHT,
              BenchPhotos.PHOTOS.size(),
              medianBytes / 1000.0,
              minBytes / 1000.0,
              maxBytes / 1000.0);
    }
  }

  private ImageNetLikeJpegs() {}

  /**
   * Writes {@code count} JPEGs under {@code dir}.
   *
   * @throws IllegalStateException if Debian's plasma-workspace-wallpapers is not installed
   */
  static Written write(Path dir, int count, long seed) throws IOException {
    List<BufferedImage> photos = BenchPhotos.originals();
    if (photos.isEmpty()) {
      throw new IllegalStateException(
          "skipped: no real photos under "
              + BenchPhotos.WALLPAPERS
              + " (apt-get install plasma-workspace-wallpapers)");
    }
    SplittableRandom random = new SplittableRandom(seed);
    long[] sizes = new long[count];
    for (int i = 0; i < count; i++) {
      BufferedImage photo = photos.get(i % photos.size());
      double fraction = 0.2 + 0.4 * random.nextDouble();
      int w = (int) (photo.getWidth() * fraction);
      int h = w * HEIGHT / WIDTH;
      int x = random.nextInt(photo.getWidth() - w + 1);
      int y = random.nextInt(photo.getHeight() - h + 1);
      BufferedImage window = BenchPhotos.shrink(photo.getSubimage(x, y, w, h), WIDTH, HEIGHT);
      byte[] jpeg = nearestSize(window);
      Path file = dir.resolve("class" + (i % CLASSES)).resolve("img" + i + ".jpg");
      Files.createDirectories(file.getParent());
      Files.write(file, jpeg);
      sizes[i] = jpeg.length;
    }
    Arrays.sort(sizes);
    return new Written(dir, count, sizes[count / 2], sizes[0], sizes[count - 1]);
  }

  /** Bisects the quality for the encoding nearest {@link #TARGET_BYTES} (6 encodes). */
  private static byte[] nearestSize(BufferedImage image) throws IOException {
    float low = 0.5f;
    float high = 1.0f;
    byte[] best = null;
    for (int step = 0; step < 6; step++) {
      float quality = (low + high) / 2;
      byte[] jpeg = BenchPhotos.encode(image, quality);
      if (best == null
          || Math.abs(jpeg.length - TARGET_BYTES) < Math.abs(best.length - TARGET_BYTES)) {
        best = jpeg;
      }
      if (jpeg.length < TARGET_BYTES) {
        low = quality;
      } else {
        high = quality;
      }
    }
    return best;
  }
}
