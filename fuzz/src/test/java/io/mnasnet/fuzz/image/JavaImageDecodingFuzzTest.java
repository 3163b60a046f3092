package io.mnasnet.fuzz.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.inference.image.DecodeBudget;
import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.image.UnreadableImageException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Serving-time decoding in Java ({@link ImageEncoding#decode}, the JDK's PNG and JPEG readers
 * behind the header check): every input is pixels or an {@link UnreadableImageException} saying
 * why, and costs at most the {@link DecodeBudget} of its size limit. Decoded pixels have the size
 * the limit allowed.
 */
class JavaImageDecodingFuzzTest {
  private static final ImageSizeLimit LIMIT = new ImageSizeLimit(512L * 512);

  private static final InputContract CONTRACT =
      InputContract.of(
              "java-image-decoding",
              Duration.ofNanos(DecodeBudget.cpuNanos(LIMIT)),
              DecodeBudget.heapBytes(LIMIT))
          .refusing(UnreadableImageException.class);

  @BeforeAll
  static void warmUp() throws Exception {
    DecodedImage grey = DecodedImage.grey(8, 8, new byte[64]);
    ImageEncoding.decode(ImageEncoding.encodePng(grey), LIMIT);
    ImageEncoding.decode(ImageEncoding.encodeJpeg(grey, 0.9f), LIMIT);
  }

  @FuzzTest
  void decodesOrRefusesEveryImage(byte[] image) {
    CONTRACT
        .check(() -> ImageEncoding.decode(image, LIMIT))
        .ifPresent(
            pixels -> {
              assertThat((long) pixels.width() * pixels.height())
                  .isLessThanOrEqualTo(LIMIT.maxPixels());
              assertThat(pixels.pixels())
                  .hasSize(pixels.width() * pixels.height() * pixels.channels());
            });
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
