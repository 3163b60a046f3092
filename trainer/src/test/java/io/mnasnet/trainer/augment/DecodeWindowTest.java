package io.mnasnet.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decode plan: DCT ratio, window and resampling of a source region. */
class DecodeWindowTest {

  @Test
  void anIntegerBoxAtFullScaleIsDecodedExactlyAndStretchedToTheOutput() {
    DecodeWindow plan =
        DecodeWindow.plan(
            375, 500, SourceRegion.box(new RandomResizedCrop.Box(40, 60, 200, 300)), 224, 8);
    assertThat(plan)
        .isEqualTo(new DecodeWindow(1, 40, 60, 200, 300, 224f / 200, 224f / 300, 0f, 0f));
  }

  @Test
  void theRatioIsTheLargestKeepingTheRegionAtLeastTheOutputOnBothSides() {
    SourceRegion region = SourceRegion.box(new RandomResizedCrop.Box(0, 0, 900, 1800));
    // 900 / 4 = 225 >= 224, 900 / 8 < 224
    assertThat(DecodeWindow.plan(1000, 2000, region, 224, 8).ratio()).isEqualTo(4);
    assertThat(DecodeWindow.plan(1000, 2000, region, 224, 2).ratio()).isEqualTo(2);
    assertThat(DecodeWindow.plan(1000, 2000, region, 226, 8).ratio()).isEqualTo(2);
  }

  @Test
  void aReducedDecodeMapsTheRegionIntoReducedPixelsAndCoversItsFractionalEdges() {
    SourceRegion region = SourceRegion.box(new RandomResizedCrop.Box(101, 203, 500, 600));
    DecodeWindow plan = DecodeWindow.plan(1001, 1203, region, 224, 8);
    assertThat(plan.ratio()).isEqualTo(2);
    // reduced region: rows [50.5, 300.5), columns [101.5, 401.5)
    assertThat(plan.top()).isEqualTo(50);
    assertThat(plan.height()).isEqualTo(251);
    assertThat(plan.left()).isEqualTo(101);
    assertThat(plan.width()).isEqualTo(301);
    assertThat(plan.scaleY()).isEqualTo((float) (224 / 250.0));
    // output pixel 0 starts at reduced row 50.5, half a pixel into the window
    assertThat(plan.translateY()).isEqualTo((float) (-0.5 * 224 / 250.0));
  }

  @Test
  void theEvaluationRegionIsTorchvisionsResizeThenCentreCropWithTheFilterMarginAround() {
    // 500x375 landscape: shorter side 375 -> 256, longer int(256 * 500 / 375) = 341
    SourceRegion region = SourceRegion.resizedCenterCrop(375, 500, 256, 224);
    double scaleY = 256 / 375.0;
    double scaleX = 341 / 500.0;
    assertThat(region.top()).isCloseTo(16 / scaleY, org.assertj.core.data.Offset.offset(1e-9));
    // round((341 - 224) / 2) = round(58.5) = 58, half to even
    assertThat(region.left()).isCloseTo(58 / scaleX, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(region.readsAround()).isTrue();
    DecodeWindow plan = DecodeWindow.plan(375, 500, region, 224, 8);
    assertThat(plan.ratio()).isEqualTo(1);
    // the triangle reaches 1.46 source pixels beyond each edge of the region
    assertThat(plan.top()).isEqualTo((int) Math.floor(16 / scaleY - 375 / 256.0));
  }

  @Test
  void aRegionOutsideTheImageIsRefused() {
    SourceRegion region = SourceRegion.box(new RandomResizedCrop.Box(0, 0, 400, 100));
    assertThatThrownBy(() -> DecodeWindow.plan(375, 500, region, 224, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theJpegHeaderGivesTheSizeWithoutDecoding() {
    byte[] jpeg = CropDecodingTransformTest.resource("forest-960x1280.jpg");
    assertThat(JpegHeader.read(jpeg)).contains(new JpegHeader(1280, 960, 3));
    byte[] png = ImageEncoding.encodePng(DecodedImage.grey(3, 2, new byte[] {1, 2, 3, 4, 5, 6}));
    assertThat(JpegHeader.read(png)).isEqualTo(Optional.empty());
    assertThat(JpegHeader.read(java.util.Arrays.copyOf(jpeg, 20))).isEqualTo(Optional.empty());
  }
}
