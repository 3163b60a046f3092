package io.mnasnet.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crop-decoding pipeline's pixels against references, on real photos of several sizes and
 * shapes ({@code fixtures/photos/}, see its README):
 *
 * <ul>
 *   <li>training, against a full decode + crop + resize in Java ({@code javax.imageio}'s libjpeg
 *       6b, {@link BilinearResize}: the previous pipeline, drawing the same box and flip from the
 *       same seed). At full DCT scale the two differ only by their JPEG decoders (both libjpeg's
 *       accurate integer IDCT; libjpeg-turbo's cropped decode upsamples chroma at the window's
 *       edges from fewer neighbours) and float rounding: measured 0.000-0.006 levels on average and
 *       at most 8.8 at a window's edge pixel; bounded by 1 and 12. At reduced scale (the photos
 *       large enough for a box to reach twice the output on both sides), DCT scaling is a different
 *       low-pass filter than the antialiased resize, softer on fine texture: measured 0.18-2.4
 *       levels on average (worst on the leafy forest and the boats), bounded by 3.
 *   <li>evaluation, against PIL's {@code Resize(256)} + {@code CenterCrop(224)} (the fixtures'
 *       {@code *.reference.png}): at full scale PIL's uint8 rounding (measured 0.22-0.29 levels on
 *       average, max 1; bounded by 0.5, as the serving side's full decode in {@code
 *       PhotoPreprocessingParityTest}), at reduced scale 0.56-1.28 (bounded by 3).
 *   <li>a PNG of the same pixels goes through the same resampling: equal to the Java reference up
 *       to float rounding (1e-3 level).
 * </ul>
 *
 * <p>Levels are 0-255 units of the image before normalisation.
 */
class CropDecodingTransformTest {

  static final List<String> PHOTOS =
      List.of(
          "sky-300x225",
          "lake-256x256",
          "moss-500x375",
          "cups-800x600",
          "forest-960x1280",
          "pier-1280x960",
          "leaf-1600x1200",
          "boats-1920x1440");

  private static final int SIZE = 224;
  private static final int SEEDS = 8;

  /** Largest mean difference of a reduced-scale decode from the full-scale reference, levels. */
  private static final double REDUCED_MEAN_LEVELS = 3.0;

  private static CropDecoder decoder;

  @BeforeAll
  static void openDecoder() {
    decoder = new CropDecoder(ResolvedRuntime.cpuOnly(), SIZE, Normalization.IMAGENET);
  }

  @AfterAll
  static void closeDecoder() {
    decoder.close();
  }

  @Test
  void trainingCropsMatchAFullDecodeCropAndResizeInJava() throws IOException {
    ImageTransform reference = ImagePipelines.imageNetTrain(SIZE);
    EncodedImageTransform full =
        CropDecodingTransform.train(decoder, RandomResizedCrop.withDefaults(SIZE), 1);
    EncodedImageTransform reduced = CropDecodingTransform.train(decoder);
    SoftAssertions softly = new SoftAssertions();
    for (String photo : PHOTOS) {
      byte[] jpeg = resource(photo + ".jpg");
      FloatImage decoded = decodeToFloats(jpeg);
      for (int seed = 0; seed < SEEDS; seed++) {
        FloatImage expected = reference.apply(decoded, new SplittableRandom(seed));
        Diff fullDiff = Diff.of(full.applyToEncoded(jpeg, new SplittableRandom(seed)), expected);
        Diff reducedDiff =
            Diff.of(reduced.applyToEncoded(jpeg, new SplittableRandom(seed)), expected);
        report("train " + photo + " seed " + seed, fullDiff, reducedDiff);
        softly.assertThat(fullDiff.mean).as(photo + " seed " + seed + " mean").isLessThan(1.0);
        softly.assertThat(fullDiff.max).as(photo + " seed " + seed + " max").isLessThan(12.0);
        softly
            .assertThat(reducedDiff.mean)
            .as(photo + " seed " + seed + " reduced")
            .isLessThan(REDUCED_MEAN_LEVELS);
      }
    }
    softly.assertAll();
  }

  @Test
  void evaluationCropsMatchPil() throws IOException {
    EncodedImageTransform full = CropDecodingTransform.eval(decoder, 256, 1);
    EncodedImageTransform reduced = CropDecodingTransform.eval(decoder, 256);
    for (String photo : PHOTOS) {
      byte[] jpeg = resource(photo + ".jpg");
      FloatImage pil =
          normalised(
              ImageEncoding.decode(resource(photo + ".reference.png"), ImageSizeLimit.DEFAULT));
      Diff fullDiff = Diff.of(full.applyToEncoded(jpeg, new SplittableRandom(0)), pil);
      Diff reducedDiff = Diff.of(reduced.applyToEncoded(jpeg, new SplittableRandom(0)), pil);
      report("eval " + photo, fullDiff, reducedDiff);
      assertThat(fullDiff.mean).as(photo + " full-scale mean").isLessThan(0.5);
      assertThat(reducedDiff.mean).as(photo + " reduced mean").isLessThan(REDUCED_MEAN_LEVELS);
    }
  }

  @Test
  void otherFormatsGoThroughTheSameResampling() throws IOException {
    ImageTransform reference = ImagePipelines.imageNetTrain(SIZE);
    EncodedImageTransform transform = CropDecodingTransform.train(decoder);
    byte[] jpeg = resource("moss-500x375.jpg");
    DecodedImage pixels = ImageEncoding.decode(jpeg, ImageSizeLimit.DEFAULT);
    byte[] png = ImageEncoding.encodePng(pixels);
    FloatImage decoded = decodeToFloats(jpeg);
    for (int seed = 0; seed < SEEDS; seed++) {
      FloatImage expected = reference.apply(decoded, new SplittableRandom(seed));
      Diff diff = Diff.of(transform.applyToEncoded(png, new SplittableRandom(seed)), expected);
      assertThat(diff.max).as("seed " + seed).isLessThan(1e-2);
    }
  }

  @Test
  void greyJpegsBecomeThreeEqualChannels() throws IOException {
    DecodedImage colour =
        ImageEncoding.decode(resource("cups-800x600.jpg"), ImageSizeLimit.DEFAULT);
    byte[] rgb = colour.pixels();
    byte[] grey = new byte[colour.width() * colour.height()];
    for (int i = 0; i < grey.length; i++) {
      grey[i] = rgb[3 * i + 1];
    }
    byte[] jpeg =
        ImageEncoding.encodeJpeg(DecodedImage.grey(colour.width(), colour.height(), grey), 0.9f);
    assertThat(JpegHeader.read(jpeg)).get().extracting(JpegHeader::components).isEqualTo(1);
    FloatImage image =
        CropDecodingTransform.train(decoder).applyToEncoded(jpeg, new SplittableRandom(1));
    float[] levels = levels(image);
    for (int i = 0; i < levels.length; i += 3) {
      assertThat(levels[i + 1]).isCloseTo(levels[i], org.assertj.core.data.Offset.offset(1e-3f));
      assertThat(levels[i + 2]).isCloseTo(levels[i], org.assertj.core.data.Offset.offset(1e-3f));
    }
  }

  @Test
  void aCorruptFileFailsWithTheDecodersReason() {
    byte[] jpeg = resource("moss-500x375.jpg");
    byte[] truncated = java.util.Arrays.copyOf(jpeg, 600);
    EncodedImageTransform transform = CropDecodingTransform.train(decoder);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> transform.applyToEncoded(truncated, new SplittableRandom(1)))
        .isInstanceOf(IOException.class);
  }

  private static void report(String what, Diff full, Diff reduced) {
    System.out.printf(
        Locale.ROOT,
        "%-32s levels: full scale mean %.3f max %.2f; reduced mean %.3f max %.2f%n",
        what,
        full.mean,
        full.max,
        reduced.mean,
        reduced.max);
  }

  private record Diff(double mean, double max) {
    static Diff of(FloatImage actual, FloatImage expected) {
      assertThat(actual.shape()).isEqualTo(expected.shape());
      float[] a = levels(actual);
      float[] b = levels(expected);
      double sum = 0;
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        double d = Math.abs(a[i] - b[i]);
        sum += d;
        max = Math.max(max, d);
      }
      return new Diff(sum / a.length, max);
    }
  }

  /** Normalised values back to 0-255 levels. */
  private static float[] levels(FloatImage image) {
    Normalization n = Normalization.IMAGENET;
    float[] out = new float[image.pixels().length];
    for (int i = 0; i < out.length; i++) {
      int c = i % 3;
      out[i] = (image.pixels()[i] * n.std()[c] + n.mean()[c]) * 255f;
    }
    return out;
  }

  private static FloatImage normalised(DecodedImage image) {
    FloatImage floats =
        FloatImage.fromUnsignedBytes(
            image.pixels(), image.height(), image.width(), image.channels());
    return Normalization.IMAGENET.apply(floats, new SplittableRandom(0));
  }

  private static FloatImage decodeToFloats(byte[] bytes) throws IOException {
    DecodedImage image = ImageEncoding.decode(bytes, ImageSizeLimit.DEFAULT);
    return FloatImage.fromUnsignedBytes(
        image.pixels(), image.height(), image.width(), image.channels());
  }

  static byte[] resource(String name) {
    try (InputStream in =
        CropDecodingTransformTest.class.getResourceAsStream("/fixtures/photos/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource fixtures/photos/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
