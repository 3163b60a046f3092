package io.mnasnet.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.cost.ThreadCost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each image of {@link HostileImages} is refused before decoding, or decoded within the {@link
 * DecodeBudget} of the limit it is decoded under: never a decoder working for minutes, never an
 * out-of-memory.
 */
class HostileImageDecodingTest {
  private static final ImageSizeLimit MEGAPIXEL = new ImageSizeLimit(1024 * 1024);

  @BeforeAll
  static void warmUp() throws Exception {
    // the decoders' first use loads their classes: not what is measured here
    ImageEncoding.decode(ImageEncoding.encodeGreyPng(new byte[64], 8, 8), MEGAPIXEL);
    ImageEncoding.decode(
        ImageEncoding.encodeJpeg(DecodedImage.grey(8, 8, new byte[64]), 0.9f), MEGAPIXEL);
  }

  @Test
  void aJpegOfAThousandScansIsRefusedWithoutDecodingIt() {
    // 67 KB; the JDK's decoder spent 8-11 s of CPU on it
    byte[] jpeg = HostileImages.progressiveJpeg(4096, 4096, 1000);

    ThreadCost cost = ThreadCost.start();
    assertThatThrownBy(() -> ImageEncoding.decode(jpeg, ImageSizeLimit.DEFAULT))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("more than 100 scans");
    assertThat(cost.cpuNanos()).isLessThan(100_000_000L);
  }

  @Test
  void aJpegOfAFewScansOverTheWholeImageIsDecodedWithinBudget() throws Exception {
    byte[] jpeg = HostileImages.progressiveJpeg(1024, 1024, 99);

    ThreadCost cost = ThreadCost.start();
    DecodedImage image = ImageEncoding.decode(jpeg, MEGAPIXEL);

    assertThat(image.width()).isEqualTo(1024);
    assertWithinBudget(cost, MEGAPIXEL);
  }

  @Test
  void aPngInflatingAThousandTimesCostsNoMoreThanItsPixels() throws Exception {
    // 8 MB of 16-bit RGBA pixels from 8 KB of compressed data
    byte[] png = HostileImages.pngOfZeros(1024, 1024, 16, HostileImages.RGBA);
    assertThat(png.length).isLessThan(16 * 1024);

    ThreadCost cost = ThreadCost.start();
    DecodedImage image = ImageEncoding.decode(png, MEGAPIXEL);

    assertThat(image.pixels()).hasSize(1024 * 1024 * 3);
    assertWithinBudget(cost, MEGAPIXEL);
  }

  @Test
  void aPngOnePixelWideCostsNoMoreThanItsPixels() throws Exception {
    byte[] png = HostileImages.pngOfZeros(1, 1024 * 1024, 8, HostileImages.GREY);

    ThreadCost cost = ThreadCost.start();
    DecodedImage image = ImageEncoding.decode(png, MEGAPIXEL);

    assertThat(image.height()).isEqualTo(1024 * 1024);
    assertWithinBudget(cost, MEGAPIXEL);
  }

  @Test
  void aCompressedTextChunkOfAHundredMegabytesIsNeverInflated() throws Exception {
    byte[] png = HostileImages.pngWithCompressedText(128);

    ThreadCost cost = ThreadCost.start();
    DecodedImage image = ImageEncoding.decode(png, MEGAPIXEL);

    assertThat(image.width()).isEqualTo(64);
    assertThat(cost.allocatedBytes()).isLessThan(64L * 1024 * 1024);
    assertWithinBudget(cost, MEGAPIXEL);
  }

  @Test
  void aHeaderClaimingGigapixelsIsRefusedWithoutAllocatingThem() {
    byte[] png = HostileImages.pngClaiming(100_000, 100_000);

    ThreadCost cost = ThreadCost.start();
    assertThatThrownBy(() -> ImageEncoding.decode(png, ImageSizeLimit.DEFAULT))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("100000x100000");
    assertThat(cost.allocatedBytes()).isLessThan(16L * 1024 * 1024);
  }

  private static void assertWithinBudget(ThreadCost cost, ImageSizeLimit limit) {
    assertThat(cost.cpuNanos()).as("CPU ns").isLessThan(DecodeBudget.cpuNanos(limit));
    assertThat(cost.allocatedBytes()).as("heap bytes").isLessThan(DecodeBudget.heapBytes(limit));
  }
}
