package io.mnasnet.trainer.augment;

/**
 * Resizes images with a triangle (bilinear) filter whose support widens when shrinking, as PIL and
 * torchvision's antialiased resize do: plain bilinear sampling of a 500-pixel photo down to 224
 * would skip pixels and alias. Separable: one horizontal pass, one vertical pass.
 */
public final class BilinearResize {

  private BilinearResize() {}

  /** Resizes to exactly {@code height x width}. */
  public static FloatImage resize(FloatImage image, int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("target size must be >= 1, got " + height + "x" + width);
    }
    if (height == image.height() && width == image.width()) {
      return image;
    }
    FloatImage wide = resizeRows(image, width);
    return resizeColumns(wide, height);
  }

  /**
   * Scales so that the shorter side becomes {@code shorterSide}, keeping the aspect ratio (the
   * longer side is truncated as torchvision's {@code Resize(int)} does).
   */
  public static FloatImage resizeShorterSide(FloatImage image, int shorterSide) {
    int h = image.height();
    int w = image.width();
    if (h <= w) {
      return resize(image, shorterSide, (int) ((long) shorterSide * w / h));
    }
    return resize(image, (int) ((long) shorterSide * h / w), shorterSide);
  }

  private static FloatImage resizeRows(FloatImage image, int width) {
    Filter filter = Filter.of(image.width(), width);
    int channels = image.channels();
    float[] in = image.pixels();
    float[] out = new float[image.height() * width * channels];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < width; x++) {
        int first = filter.first[x];
        float[] weights = filter.weights[x];
        for (int c = 0; c < channels; c++) {
          float sum = 0;
          for (int k = 0; k < weights.length; k++) {
            sum += weights[k] * in[image.indexOf(y, first + k, c)];
          }
          out[(y * width + x) * channels + c] = sum;
        }
      }
    }
    return new FloatImage(image.height(), width, channels, out);
  }

  private static FloatImage resizeColumns(FloatImage image, int height) {
    Filter filter = Filter.of(image.height(), height);
    int rowLength = image.width() * image.channels();
    float[] in = image.pixels();
    float[] out = new float[height * rowLength];
    for (int y = 0; y < height; y++) {
      int first = filter.first[y];
      float[] weights = filter.weights[y];
      int target = y * rowLength;
      for (int k = 0; k < weights.length; k++) {
        int source = (first + k) * rowLength;
        float weight = weights[k];
        for (int i = 0; i < rowLength; i++) {
          out[target + i] += weight * in[source + i];
        }
      }
    }
    return new FloatImage(height, image.width(), image.channels(), out);
  }

  /** For each output position, the first contributing input index and normalised weights. */
  private static final class Filter {
    final int[] first;
    final float[][] weights;

    private Filter(int[] first, float[][] weights) {
      this.first = first;
      this.weights = weights;
    }

    static Filter of(int inSize, int outSize) {
      double scale = inSize / (double) outSize;
      // when shrinking, the triangle spans `scale` input pixels each side so all pixels count
      double support = Math.max(scale, 1.0);
      int[] first = new int[outSize];
      float[][] weights = new float[outSize][];
      for (int i = 0; i < outSize; i++) {
        double center = (i + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(center - support));
        int hi = Math.min(inSize, (int) Math.ceil(center + support));
        double[] raw = new double[hi - lo];
        double total = 0;
        for (int j = lo; j < hi; j++) {
          double w = Math.max(0, 1 - Math.abs((j + 0.5 - center) / support));
          raw[j - lo] = w;
          total += w;
        }
        float[] normalised = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
          normalised[k] = (float) (raw[k] / total);
        }
        first[i] = lo;
        weights[i] = normalised;
      }
      return new Filter(first, weights);
    }
  }
}
