package io.mnasnet.bench;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The encoded images the pipeline suite sends: real Fashion-MNIST 28x28 PNGs (the bundled 1,000
 * image sample), and 224x224 colour JPEGs made from them (upscaled, tinted, with sensor-like noise,
 * quality 90: about the size of a camera thumbnail, and not trivially compressible).
 */
public final class BenchImages {

  /** What is sent. */
  public enum Kind {
    JPEG_224("224x224 JPEG", ContentType.JPEG, null),
    PNG_28("28x28 PNG", ContentType.PNG, 1.6),
    /** Real photos cropped to a square and shrunk to 256x256 (as a thumbnail service would). */
    JPEG_256("256x256 photo JPEG", ContentType.JPEG, 1.15),
    /** Real photos at 1280x960, the size of a phone camera's medium setting, ~200-400 KB. */
    PHOTO_1280("1280x960 photo JPEG", ContentType.JPEG, 1.3);

    private final String label;
    private final String contentType;
    private final Double cpuTarget;

    Kind(String label, String contentType, Double cpuTarget) {
      this.label = label;
      this.contentType = contentType;
      this.cpuTarget = cpuTarget;
    }

    /**
     * Issue 13's target for the app's CPU per image over the bare model's at batch 32, or {@code
     * null}.
     */
    public Double cpuTarget() {
      return cpuTarget;
    }

    public String label() {
      return label;
    }

    public String contentType() {
      return contentType;
    }
  }

  private static final int DISTINCT_JPEGS = 48;
  private static final int JPEG_SIDE = 224;
  private static final float JPEG_QUALITY = 0.9f;

  private BenchImages() {}

  /** Distinct encoded images of {@code kind}; senders cycle through them. */
  public static List<byte[]> of(Kind kind) {
    if (kind == Kind.JPEG_256) {
      return BenchPhotos.jpegs(256, 256);
    }
    if (kind == Kind.PHOTO_1280) {
      return BenchPhotos.jpegs(1280, 960);
    }
    LabelledImages sample;
    try {
      sample = FashionMnist.loadSample();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled Fashion-MNIST sample", e);
    }
    List<byte[]> images = new ArrayList<>();
    if (kind == Kind.PNG_28) {
      for (int i = 0; i < sample.size(); i++) {
        images.add(ImageEncoding.encodeGreyPng(sample.image(i), sample.cols(), sample.rows()));
      }
      return images;
    }
    SplittableRandom random = new SplittableRandom(224);
    for (int i = 0; i < DISTINCT_JPEGS; i++) {
      images.add(ImageEncoding.encodeJpeg(colourUpscaled(sample, i, random), JPEG_QUALITY));
    }
    return images;
  }

  /** Mean encoded size of {@code images}, bytes. */
  public static double meanBytes(List<byte[]> images) {
    return images.stream().mapToInt(image -> image.length).average().orElse(0);
  }

  private static DecodedImage colourUpscaled(
      LabelledImages sample, int index, SplittableRandom random) {
    byte[] grey = sample.image(index);
    int side = sample.cols();
    double[] tint = {0.4 + 0.6 * random.nextDouble(), 0.4 + 0.6 * random.nextDouble(), 1.0};
    byte[] rgb = new byte[JPEG_SIDE * JPEG_SIDE * 3];
    double scale = (side - 1) / (double) (JPEG_SIDE - 1);
    for (int y = 0; y < JPEG_SIDE; y++) {
      for (int x = 0; x < JPEG_SIDE; x++) {
        double value = bilinear(grey, side, x * scale, y * scale);
        for (int c = 0; c < 3; c++) {
          double background = 40 + 30 * c + 20 * Math.sin((x + y * (c + 1)) / 17.0);
          double pixel =
              value * tint[c] + background * (1 - value / 255) + random.nextGaussian() * 6;
          rgb[(y * JPEG_SIDE + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(pixel)));
        }
      }
    }
    return DecodedImage.rgb(JPEG_SIDE, JPEG_SIDE, rgb);
  }

  private static double bilinear(byte[] grey, int side, double x, double y) {
    int x0 = (int) x;
    int y0 = (int) y;
    int x1 = Math.min(side - 1, x0 + 1);
    int y1 = Math.min(side - 1, y0 + 1);
    double fx = x - x0;
    double fy = y - y0;
    double top = (1 - fx) * pixel(grey, side, x0, y0) + fx * pixel(grey, side, x1, y0);
    double bottom = (1 - fx) * pixel(grey, side, x0, y1) + fx * pixel(grey, side, x1, y1);
    return (1 - fy) * top + fy * bottom;
  }

  private static int pixel(byte[] grey, int side, int x, int y) {
    return grey[y * side + x] & 0xFF;
  }
}
