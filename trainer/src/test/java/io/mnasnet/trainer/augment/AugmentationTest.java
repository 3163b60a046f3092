package io.mnasnet.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

  @Test
  void normalizationStandardisesPerChannelAndKnowsItsBlack() {
    FloatImage image = new FloatImage(1, 2, 3, new float[] {0, 0.5f, 1, 0.485f, 0.456f, 0.406f});
    FloatImage out = Normalization.IMAGENET.apply(image, null);
    assertThat(out.get(0, 0, 0)).isCloseTo(-0.485f / 0.229f, within(1e-6f));
    assertThat(out.get(0, 0, 2)).isCloseTo((1 - 0.406f) / 0.225f, within(1e-6f));
    assertThat(out.get(0, 1, 1)).isCloseTo(0, within(1e-6f));
    assertThat(Normalization.FASHION_MNIST.normalizedBlack()[0])
        .isCloseTo(-0.2860f / 0.3530f, within(1e-6f));
    assertThatThrownBy(() -> Normalization.FASHION_MNIST.apply(image, null))
        .hasMessageContaining("channel");
  }

  @Test
  void greyIsReplicatedIntoThreeChannels() {
    FloatImage grey = TestImages.coordinates(3, 4, 1);
    FloatImage rgb = ToRgb.INSTANCE.apply(grey, null);
    assertThat(rgb.shape()).isEqualTo("3x4x3");
    for (int c = 0; c < 3; c++) {
      assertThat(rgb.get(2, 3, c)).isEqualTo(grey.get(2, 3, 0));
    }
    assertThat(ToRgb.INSTANCE.apply(rgb, null)).isSameAs(rgb);
  }

  @Test
  void randomCropIsAWindowOfThePaddedImageAndCoversAllOffsets() {
    FloatImage image = TestImages.coordinates(6, 6, 1);
    float fill = -9;
    FloatImage padded = PixelGeometry.pad(image, 2, new float[] {fill});
    RandomCrop crop = new RandomCrop(6, 2, new float[] {fill});
    SplittableRandom random = new SplittableRandom(1);
    Set<String> offsets = new HashSet<>();
    for (int trial = 0; trial < 300; trial++) {
      FloatImage out = crop.apply(image, random);
      assertThat(out.shape()).isEqualTo("6x6x1");
      offsets.add(findWindow(padded, out));
    }
    // 5 x 5 possible offsets, all reached, none outside the padded image
    assertThat(offsets).hasSize(25).doesNotContain("none");
  }

  @Test
  void flipHappensAboutHalfTheTimeAndExactly() {
    FloatImage image = TestImages.coordinates(2, 3, 1);
    SplittableRandom random = new SplittableRandom(3);
    int flipped = 0;
    for (int i = 0; i < 1000; i++) {
      FloatImage out = RandomHorizontalFlip.HALF.apply(image, random);
      if (out != image) {
        assertThat(out.get(1, 0, 0)).isEqualTo(image.get(1, 2, 0));
        flipped++;
      }
    }
    assertThat(flipped).isBetween(430, 570);
    assertThat(new RandomHorizontalFlip(0).apply(image, random)).isSameAs(image);
  }

  @Test
  void randomResizedCropBoxesStayInsideWithinScaleAndRatio() {
    RandomResizedCrop rrc = RandomResizedCrop.withDefaults(224);
    SplittableRandom random = new SplittableRandom(5);
    int height = 375;
    int width = 500;
    for (int i = 0; i < 2000; i++) {
      RandomResizedCrop.Box box = rrc.sampleBox(height, width, random);
      assertThat(box.top()).isNotNegative();
      assertThat(box.left()).isNotNegative();
      assertThat(box.top() + box.height()).isLessThanOrEqualTo(height);
      assertThat(box.left() + box.width()).isLessThanOrEqualTo(width);
      double area = box.height() * (double) box.width() / (height * width);
      double ratio = box.width() / (double) box.height();
      // rounding to whole pixels allows a small excursion
      assertThat(area).isBetween(0.07, 1.0);
      assertThat(ratio).isBetween(0.74, 1.35);
    }
  }

  @Test
  void randomResizedCropFallsBackToACentredRatioClampedBoxForExtremeImages() {
    RandomResizedCrop rrc = new RandomResizedCrop(8, 0.9, 1.0, 1.0, 1.0);
    RandomResizedCrop.Box box = rrc.sampleBox(10, 100, new SplittableRandom(0));
    assertThat(box).isEqualTo(new RandomResizedCrop.Box(0, 45, 10, 10));
  }

  @Test
  void fashionMnistPipelinesProduce32x32WithNormalisedBlackBorders() {
    FloatImage digit = FloatImage.fromUnsignedBytes(new byte[28 * 28], 28, 28, 1);
    float black = Normalization.FASHION_MNIST.normalizedBlack()[0];

    FloatImage eval = ImagePipelines.fashionMnistEval(3).apply(digit, new SplittableRandom(0));
    assertThat(eval.shape()).isEqualTo("32x32x3");
    for (float v : eval.pixels()) {
      assertThat(v).isCloseTo(black, within(1e-6f));
    }

    byte[] white = new byte[28 * 28];
    java.util.Arrays.fill(white, (byte) 255);
    FloatImage whiteImage = FloatImage.fromUnsignedBytes(white, 28, 28, 1);
    float whiteValue = (1 - 0.2860f) / 0.3530f;
    FloatImage train =
        ImagePipelines.fashionMnistTrain(1).apply(whiteImage, new SplittableRandom(0));
    assertThat(train.shape()).isEqualTo("32x32x1");
    int whitePixels = 0;
    for (float v : train.pixels()) {
      assertThat(v)
          .satisfiesAnyOf(
              x -> assertThat(x).isCloseTo(black, within(1e-6f)),
              x -> assertThat(x).isCloseTo(whiteValue, within(1e-6f)));
      if (Math.abs(v - whiteValue) < 1e-6) {
        whitePixels++;
      }
    }
    // the 28x28 content shifted by at most 4 pixels stays at least 24x24 inside the window
    assertThat(whitePixels).isBetween(24 * 24, 28 * 28);
  }

  @Test
  void imageNetPipelinesProduce224AndAreDeterministicGivenTheSeed() {
    FloatImage photo = TestImages.coordinates(300, 400, 3);
    ImageTransform train = ImagePipelines.imageNetTrain(224);

    FloatImage a = train.apply(photo, new SplittableRandom(11));
    FloatImage b = train.apply(photo, new SplittableRandom(11));
    FloatImage c = train.apply(photo, new SplittableRandom(12));
    assertThat(a.shape()).isEqualTo("224x224x3");
    assertThat(a.pixels()).isEqualTo(b.pixels());
    assertThat(a.pixels()).isNotEqualTo(c.pixels());

    FloatImage eval = ImagePipelines.imageNetEval(256, 224).apply(photo, new SplittableRandom(1));
    assertThat(eval.shape()).isEqualTo("224x224x3");
    FloatImage grey =
        ImagePipelines.imageNetEval(256, 224)
            .apply(TestImages.coordinates(256, 256, 1), new SplittableRandom(1));
    assertThat(grey.channels()).isEqualTo(3);
  }

  @Test
  void normalisedValuesStayInTheExpectedRange() {
    FloatImage photo = TestImages.coordinates(64, 80, 3);
    FloatImage out = ImagePipelines.imageNetTrain(32).apply(photo, new SplittableRandom(2));
    float low = -0.485f / 0.229f - 1e-4f;
    float high = (1 - 0.406f) / 0.225f + 1e-4f;
    for (float v : out.pixels()) {
      assertThat(v).isBetween(low, high);
    }
  }

  /** Returns "top,left" of the window of {@code padded} equal to {@code crop}, or "none". */
  private static String findWindow(FloatImage padded, FloatImage crop) {
    for (int top = 0; top + crop.height() <= padded.height(); top++) {
      for (int left = 0; left + crop.width() <= padded.width(); left++) {
        FloatImage window = PixelGeometry.crop(padded, top, left, crop.height(), crop.width());
        if (java.util.Arrays.equals(window.pixels(), crop.pixels())) {
          return top + "," + left;
        }
      }
    }
    return "none";
  }
}
