package io.mnasnet.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BilinearResizeTest {

  @Test
  void constantImageStaysConstantAtAnySize() {
    float[] pixels = new float[7 * 11 * 3];
    Arrays.fill(pixels, 0.25f);
    FloatImage image = new FloatImage(7, 11, 3, pixels);
    for (int[] size : new int[][] {{3, 5}, {14, 22}, {224, 224}, {1, 1}}) {
      FloatImage resized = BilinearResize.resize(image, size[0], size[1]);
      assertThat(resized.shape()).isEqualTo(size[0] + "x" + size[1] + "x3");
      for (float v : resized.pixels()) {
        assertThat(v).isCloseTo(0.25f, within(1e-6f));
      }
    }
  }

  @Test
  void halvingAveragesNeighbouringPixels() {
    // a horizontal ramp 0,1,2,...,7 halved: antialiased result is the mean of each pair-ish region
    float[] ramp = new float[8];
    for (int x = 0; x < 8; x++) {
      ramp[x] = x;
    }
    FloatImage halved = BilinearResize.resize(new FloatImage(1, 8, 1, ramp), 1, 4);
    // centres at 1, 3, 5, 7 in input coordinates -> pixel-centre values 0.5, 2.5, 4.5, 6.5
    // (edges are renormalised, so the first and last move inwards slightly)
    assertThat(halved.get(0, 1, 0)).isCloseTo(2.5f, within(1e-5f));
    assertThat(halved.get(0, 2, 0)).isCloseTo(4.5f, within(1e-5f));
    assertThat(halved.get(0, 0, 0)).isBetween(0.5f, 1.0f);
  }

  @Test
  void shorterSideBecomesTheTargetKeepingTheAspectRatio() {
    FloatImage landscape = FloatImage.blank(300, 400, 3);
    assertThat(BilinearResize.resizeShorterSide(landscape, 256).shape()).isEqualTo("256x341x3");
    FloatImage portrait = FloatImage.blank(500, 375, 3);
    assertThat(BilinearResize.resizeShorterSide(portrait, 256).shape()).isEqualTo("341x256x3");
  }
}
