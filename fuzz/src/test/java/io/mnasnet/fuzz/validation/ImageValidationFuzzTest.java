package io.mnasnet.fuzz.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.fuzz.RecordInput;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageHeaderReader;
import io.mnasnet.streams.validation.ImageLimits;
import io.mnasnet.streams.validation.ImageValidator;
import io.mnasnet.streams.validation.RejectedImageException;
import io.mnasnet.streams.validation.ValidatedImage;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every input record through the streaming app's validation ({@link ImageValidator}, which reads
 * image headers with {@link ImageHeaderReader} and counts a JPEG's scans): it passes, or is
 * dead-lettered with a {@link RejectedImageException} carrying a reason and a message. What passes
 * is within the limits: its header is the header of its bytes, its size at most the pixel limit.
 */
class ImageValidationFuzzTest {
  /** Limits of a deployment that receives small images; the app's defaults are 1 MB and 16.7 MP. */
  private static final ImageLimits LIMITS = new ImageLimits(256 * 1024, 512L * 512);

  private static final InputContract CONTRACT =
      InputContract.of("image-validation", Duration.ofMillis(250), 64L << 20)
          .refusing(RejectedImageException.class);

  private final ImageValidator validator = new ImageValidator(LIMITS);

  @BeforeAll
  static void warmUp() throws Exception {
    // class loading and ImageIO's registry are not what an input costs
    ImageHeaderReader.read(ImageEncoding.encodeGreyPng(new byte[64], 8, 8));
  }

  @FuzzTest
  void passesOrDeadLettersEveryRecord(byte[] input) {
    RecordInput record = RecordInput.decode(input);
    CONTRACT
        .check(
            () -> {
              try {
                return validator.validate(
                    record.key(), record.timestampMs(), record.headers(), record.value());
              } catch (RejectedImageException e) {
                assertThat(e.reason()).isNotNull();
                throw e;
              }
            })
        .ifPresent(ImageValidationFuzzTest::isWithinTheLimits);
  }

  private static void isWithinTheLimits(ValidatedImage image) {
    assertThat(image.data().length).isLessThanOrEqualTo(LIMITS.maxValueBytes());
    assertThat(image.header().pixels()).isLessThanOrEqualTo(LIMITS.maxPixels());
    assertThat(image.header().contentType()).isEqualTo(image.event().contentType());
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
