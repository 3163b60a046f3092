package io.mnasnet.inference.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.preprocessing.PreprocessingSession.RejectedImagesException;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The preprocessing the ONNX Runtime engine runs, built from metadata alone. That its pixels are
 * the exported SavedModel's, bit for bit, is {@code ServingPreprocessingParityTest}'s (trainer)
 * job; here: what the recipe promises, computed independently in Java.
 */
class PreprocessingSessionTest {
  private static final double MEAN = 0.2860;
  private static final double STD = 0.3530;
  private static final Preprocessing PAD_TO_32 =
      new Preprocessing(
          32,
          Preprocessing.RESIZE_PAD,
          0,
          List.of(MEAN, MEAN, MEAN),
          List.of(STD, STD, STD),
          Preprocessing.GRAYSCALE_REPLICATE);

  @Test
  void padsAGreyImageEvenlyAndNormalisesEveryChannel() throws Exception {
    byte[] pixels = new byte[28 * 28];
    new Random(22).nextBytes(pixels);
    byte[] png = ImageEncoding.encodeGreyPng(pixels, 28, 28);
    try (PreprocessingSession session =
        PreprocessingSession.build(PAD_TO_32, ResolvedRuntime.cpuOnly())) {
      float[] batch = session.preprocess(List.of(png, png));
      assertThat(batch).hasSize(2 * 32 * 32 * 3);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
          int level = inside ? pixels[(y - 2) * 28 + (x - 2)] & 0xff : 0;
          double expected = (level / 255.0 - MEAN) / STD;
          for (int c = 0; c < 3; c++) {
            int at = (y * 32 + x) * 3 + c;
            assertThat((double) batch[at])
                .as("y %d x %d c %d", y, x, c)
                .isCloseTo(expected, within(1e-5));
            assertThat(batch[32 * 32 * 3 + at]).isEqualTo(batch[at]);
          }
        }
      }
    }
  }

  @Test
  void aBatchWithSomethingThatIsNotAnImageIsRefusedWithTensorFlowsReason() throws Exception {
    byte[] rgb = new byte[40 * 30 * 3];
    byte[] jpeg = ImageEncoding.encodeJpeg(DecodedImage.rgb(40, 30, rgb), 0.9f);
    try (PreprocessingSession session =
        PreprocessingSession.build(PAD_TO_32, ResolvedRuntime.cpuOnly())) {
      assertThat(session.preprocess(List.of(jpeg))).hasSize(32 * 32 * 3);
      assertThatThrownBy(
              () ->
                  session.preprocess(
                      List.of(jpeg, "not an image".getBytes(StandardCharsets.US_ASCII))))
          .isInstanceOf(RejectedImagesException.class)
          .hasMessageNotContaining("\n")
          .message()
          .isNotBlank();
    }
  }

  @Test
  void inPlacePixelsAreTheCopiedOnesBitForBitInADirectBuffer() throws Exception {
    byte[] grey = new byte[28 * 28];
    new Random(5).nextBytes(grey);
    byte[] rgb = new byte[40 * 30 * 3];
    new Random(6).nextBytes(rgb);
    List<byte[]> images =
        List.of(
            ImageEncoding.encodeGreyPng(grey, 28, 28),
            ImageEncoding.encodeJpeg(DecodedImage.rgb(40, 30, rgb), 0.9f));
    try (PreprocessingSession session =
        PreprocessingSession.build(PAD_TO_32, ResolvedRuntime.cpuOnly())) {
      float[] copied = session.preprocess(images);
      try (PreprocessingSession.Preprocessed inPlace = session.preprocessInPlace(images)) {
        FloatBuffer pixels = inPlace.pixels();
        assertThat(pixels.isDirect()).isTrue();
        assertThat(pixels.position()).isZero();
        assertThat(pixels.remaining()).isEqualTo(copied.length);
        int differing = 0;
        for (int i = 0; i < copied.length; i++) {
          differing +=
              Float.floatToRawIntBits(pixels.get(i)) == Float.floatToRawIntBits(copied[i]) ? 0 : 1;
        }
        assertThat(differing).as("floats that differ").isZero();
      }
      assertThatThrownBy(
              () ->
                  session.preprocessInPlace(
                      List.of(images.get(1), "not an image".getBytes(StandardCharsets.US_ASCII))))
          .isInstanceOf(RejectedImagesException.class);
    }
  }

  @Test
  void aRecipeTheGraphCannotImplementIsRefusedNamingTheField() {
    Preprocessing cropLargerThanResize =
        new Preprocessing(
            224,
            Preprocessing.RESIZE_CENTER_CROP,
            200,
            List.of(0.5, 0.5, 0.5),
            List.of(0.2, 0.2, 0.2),
            Preprocessing.GRAYSCALE_REPLICATE);
    assertThatThrownBy(
            () -> PreprocessingSession.build(cropLargerThanResize, ResolvedRuntime.cpuOnly()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preprocessing.resizeSize");
  }
}
