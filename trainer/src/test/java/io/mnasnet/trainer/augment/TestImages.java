package io.mnasnet.trainer.augment;

/** Small synthetic images whose pixel values encode their position, so moves are visible. */
final class TestImages {

  private TestImages() {}

  /** Pixel (y, x, c) = (y * 1000 + x * 10 + c) / 100000, all distinct and in [0, 1). */
  static FloatImage coordinates(int height, int width, int channels) {
    float[] pixels = new float[height * width * channels];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          pixels[(y * width + x) * channels + c] = (y * 1000 + x * 10 + c) / 100000f;
        }
      }
    }
    return new FloatImage(height, width, channels, pixels);
  }
}
