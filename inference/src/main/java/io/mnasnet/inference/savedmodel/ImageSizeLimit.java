package io.mnasnet.inference.savedmodel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Refuses images whose header announces more pixels than a limit, before TensorFlow decodes them: a
 * small PNG can declare a 50,000 x 50,000 image, and decoding it would allocate gigabytes. Reads
 * only the header (javax.imageio), not the pixels.
 *
 * @param maxPixels largest accepted {@code width * height}
 */
public record ImageSizeLimit(long maxPixels) {

  /** 4096 x 4096 pixels: far above any input this model needs. */
  public static final ImageSizeLimit DEFAULT = new ImageSizeLimit(4096L * 4096L);

  public ImageSizeLimit {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
  }

  /**
   * Why {@code encoded} must not be decoded, or empty if it may be. Headers ImageIO cannot read are
   * left to the decoder, which reports them.
   */
  public Optional<String> check(byte[] encoded) {
    // A memory-cached stream: ImageIO.createImageInputStream would cache in a temporary file,
    // a file created and deleted per image.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > maxPixels) {
          return Optional.of(
              "image is " + width + "x" + height + ", above the limit of " + maxPixels + " pixels");
        }
        return Optional.empty();
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
