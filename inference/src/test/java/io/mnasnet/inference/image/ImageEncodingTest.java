package io.mnasnet.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageEncodingTest {

  /**
   * A 28x28 grey image with the texture of a Fashion-MNIST item: a dark background around a bright,
   * shaded blob with a sharp edge (this module has no data set of its own).
   */
  private static byte[] garmentLikeImage() {
    byte[] pixels = new byte[28 * 28];
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        double dx = (x - 13.5) / 9.0;
        double dy = (y - 13.5) / 12.0;
        boolean inside = dx * dx + dy * dy < 1.0;
        double shade = 150 + 60 * Math.sin(x / 3.0) * Math.cos(y / 4.0);
        pixels[y * 28 + x] = (byte) (inside ? (int) shade : 3 * ((x + y) % 3));
      }
    }
    return pixels;
  }

  private static DecodedImage gradientRgb(int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = 3 * (y * width + x);
        rgb[i] = (byte) (x * 255 / (width - 1));
        rgb[i + 1] = (byte) (y * 255 / (height - 1));
        rgb[i + 2] = (byte) 77;
      }
    }
    return DecodedImage.rgb(width, height, rgb);
  }

  @Test
  void greyPngIsLosslessAndDeterministic() throws IOException {
    byte[] pixels = garmentLikeImage();
    byte[] png = ImageEncoding.encodeGreyPng(pixels, 28, 28);

    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
    assertThat(ImageEncoding.encodeGreyPng(pixels, 28, 28)).isEqualTo(png);
    DecodedImage decoded = ImageEncoding.decode(png, ImageSizeLimit.DEFAULT);
    assertThat(decoded.isGrey()).isTrue();
    assertThat(decoded.width()).isEqualTo(28);
    assertThat(decoded.height()).isEqualTo(28);
    assertThat(decoded.pixels()).isEqualTo(pixels);
  }

  @Test
  void rgbPngIsLossless() throws IOException {
    DecodedImage image = gradientRgb(20, 10);
    DecodedImage decoded =
        ImageEncoding.decode(ImageEncoding.encodePng(image), ImageSizeLimit.DEFAULT);

    assertThat(decoded.channels()).isEqualTo(3);
    assertThat(decoded.pixels()).isEqualTo(image.pixels());
    assertThat(decoded.sample(19, 0, 0)).isEqualTo(255);
    assertThat(decoded.sample(0, 9, 1)).isEqualTo(255);
    assertThat(decoded.sample(5, 5, 2)).isEqualTo(77);
  }

  @Test
  void jpegIsCloseAndQualityControlsSize() throws IOException {
    DecodedImage image = DecodedImage.grey(28, 28, garmentLikeImage());
    byte[] best = ImageEncoding.encodeJpeg(image, 0.95f);
    byte[] worst = ImageEncoding.encodeJpeg(image, 0.1f);

    assertThat(Arrays.copyOf(best, 2)).containsExactly(0xff, 0xd8);
    assertThat(worst.length).isLessThan(best.length);
    DecodedImage decoded = ImageEncoding.decode(best, ImageSizeLimit.DEFAULT);
    assertThat(decoded.isGrey()).isTrue();
    assertThat(meanAbsoluteDifference(decoded.pixels(), image.pixels())).isLessThan(3.0);

    DecodedImage rgb = gradientRgb(32, 32);
    DecodedImage rgbDecoded =
        ImageEncoding.decode(ImageEncoding.encodeJpeg(rgb, 0.95f), ImageSizeLimit.DEFAULT);
    assertThat(rgbDecoded.channels()).isEqualTo(3);
    assertThat(meanAbsoluteDifference(rgbDecoded.pixels(), rgb.pixels())).isLessThan(3.0);
  }

  @Test
  void convertsRgbToGreyWithBt601Luma() {
    DecodedImage rgb =
        DecodedImage.rgb(3, 1, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 10, 20, 30});
    assertThat(rgb.toGrey().pixels()).containsExactly(76, (byte) 150, 18);
  }

  @Test
  void refusesGarbageAndOversizedImages() {
    assertThatThrownBy(() -> ImageEncoding.decode(new byte[] {1, 2, 3}, ImageSizeLimit.DEFAULT))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("not a PNG or JPEG");
    byte[] png = ImageEncoding.encodeGreyPng(new byte[100 * 100], 100, 100);
    assertThatThrownBy(
            () -> ImageEncoding.decode(Arrays.copyOf(png, png.length / 2), ImageSizeLimit.DEFAULT))
        .isInstanceOf(UnreadableImageException.class);
    assertThatThrownBy(() -> ImageEncoding.decode(png, new ImageSizeLimit(9_999)))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("100x100");
  }

  private static double meanAbsoluteDifference(byte[] a, byte[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return sum / a.length;
  }
}
