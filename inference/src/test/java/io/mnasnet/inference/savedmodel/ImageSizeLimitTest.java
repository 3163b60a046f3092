package io.mnasnet.inference.savedmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.ImageEncoding;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ImageSizeLimitTest {

  @Test
  void acceptsOrdinaryImages() {
    byte[] png = ImageEncoding.encodeGreyPng(new byte[28 * 28], 28, 28);

    assertThat(ImageSizeLimit.DEFAULT.check(png)).isEmpty();
  }

  @Test
  void refusesAHeaderAnnouncingAHugeImageWithoutDecodingIt() {
    byte[] bomb = withDimensions(ImageEncoding.encodeGreyPng(new byte[4], 2, 2), 50_000, 50_000);

    assertThat(ImageSizeLimit.DEFAULT.check(bomb))
        .get()
        .asString()
        .contains("50000x50000", "above the limit");
  }

  @Test
  void leavesUnreadableBytesToTheDecoder() {
    assertThat(ImageSizeLimit.DEFAULT.check("not an image".getBytes())).isEmpty();
    assertThat(ImageSizeLimit.DEFAULT.check(new byte[0])).isEmpty();
  }

  /** Rewrites the IHDR chunk of {@code png} (with a valid CRC) to announce other dimensions. */
  private static byte[] withDimensions(byte[] png, int width, int height) {
    byte[] copy = png.clone();
    ByteBuffer buffer = ByteBuffer.wrap(copy);
    // signature (8) + length (4) + "IHDR" (4), then width, height, ...; CRC after 13 data bytes
    buffer.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(copy, 12, 4 + 13);
    buffer.putInt(29, (int) crc.getValue());
    return copy;
  }
}
