package io.mnasnet.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PixelGeometryTest {

  private final FloatImage image = TestImages.coordinates(4, 5, 2);

  @Test
  void flipMirrorsColumnsAndKeepsChannelsTogether() {
    FloatImage flipped = PixelGeometry.flipHorizontally(image);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        for (int c = 0; c < 2; c++) {
          assertThat(flipped.get(y, x, c)).isEqualTo(image.get(y, 4 - x, c));
        }
      }
    }
    assertThat(PixelGeometry.flipHorizontally(flipped).pixels()).isEqualTo(image.pixels());
  }

  @Test
  void cropOutsideTheImageUsesThePerChannelFill() {
    FloatImage padded = PixelGeometry.pad(image, 2, new float[] {-1, -2});
    assertThat(padded.shape()).isEqualTo("8x9x2");
    assertThat(padded.get(0, 0, 0)).isEqualTo(-1);
    assertThat(padded.get(7, 8, 1)).isEqualTo(-2);
    assertThat(padded.get(2, 2, 1)).isEqualTo(image.get(0, 0, 1));
    assertThat(padded.get(5, 6, 0)).isEqualTo(image.get(3, 4, 0));
  }

  @Test
  void centerCropTakesTheMiddle() {
    FloatImage middle = PixelGeometry.centerCrop(image, 2, 3);
    assertThat(middle.get(0, 0, 0)).isEqualTo(image.get(1, 1, 0));
    assertThat(middle.get(1, 2, 1)).isEqualTo(image.get(2, 3, 1));
    assertThatThrownBy(() -> PixelGeometry.centerCrop(image, 5, 5)).hasMessageContaining("resize");
  }

  @Test
  void centerCropRoundsAnOddMarginHalfToEvenLikeTorchvision() {
    FloatImage tall = TestImages.coordinates(7, 8, 1);
    // margins 3 (height) and 5 (width): offsets round(1.5) = 2 and round(2.5) = 2 in Python 3
    FloatImage middle = PixelGeometry.centerCrop(tall, 4, 3);
    assertThat(middle.get(0, 0, 0)).isEqualTo(tall.get(2, 2, 0));
    assertThat(middle.get(3, 2, 0)).isEqualTo(tall.get(5, 4, 0));
    // margin 1: round(0.5) = 0, the window starts at the top-left edge
    FloatImage oneOff = PixelGeometry.centerCrop(image, 3, 4);
    assertThat(oneOff.get(0, 0, 0)).isEqualTo(image.get(0, 0, 0));
    assertThat(oneOff.get(2, 3, 1)).isEqualTo(image.get(2, 3, 1));
  }

  @Test
  void strictCropRejectsWindowsOutsideTheImage() {
    assertThatThrownBy(() -> PixelGeometry.crop(image, 3, 0, 2, 2)).hasMessageContaining("outside");
  }
}
