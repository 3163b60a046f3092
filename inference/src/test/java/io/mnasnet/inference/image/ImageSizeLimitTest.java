package io.mnasnet.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.schemas.ContentType;
import org.junit.jupiter.api.Test;

class ImageSizeLimitTest {

  @Test
  void acceptsImagesUpToTheLimitAndRefusesOnePixelMore() {
    ImageSizeLimit limit = new ImageSizeLimit(100 * 100);

    assertThat(limit.refusal(new ImageHeader(ContentType.PNG, 100, 100))).isEmpty();
    assertThat(limit.refusal(new ImageHeader(ContentType.PNG, 101, 100)))
        .get()
        .asString()
        .contains("101x100 = 10100 pixels", "above the limit of 10000");
  }

  @Test
  void refusesAHeaderAnnouncingAHugeImageWithoutDecodingIt() {
    byte[] bomb = HostileImages.pngClaiming(50_000, 50_000);

    assertThat(ImageSizeLimit.DEFAULT.refusal(bomb))
        .get()
        .asString()
        .contains("50000x50000", "above the limit");
  }

  @Test
  void refusesAJpegOfMoreScansThanEncodersWrite() {
    assertThat(ImageSizeLimit.DEFAULT.refusal(HostileImages.progressiveJpeg(64, 64, 99))).isEmpty();
    assertThat(ImageSizeLimit.DEFAULT.refusal(HostileImages.progressiveJpeg(64, 64, 100)))
        .get()
        .asString()
        .contains("more than 100 scans");
  }

  @Test
  void refusesBytesThatAreNoPngOrJpegSayingSo() {
    assertThat(ImageSizeLimit.DEFAULT.refusal("not an image".getBytes()))
        .get()
        .asString()
        .contains("not a PNG or JPEG");
    assertThat(ImageSizeLimit.DEFAULT.refusal(new byte[0])).isPresent();
  }

  @Test
  void checkThrowsWithTheReason() {
    assertThatThrownBy(
            () -> new ImageSizeLimit(10).check(new ImageHeader(ContentType.JPEG, 4, 3, 1)))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("4x3 = 12 pixels");
  }

  @Test
  void aLimitIsPositive() {
    assertThatThrownBy(() -> new ImageSizeLimit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
