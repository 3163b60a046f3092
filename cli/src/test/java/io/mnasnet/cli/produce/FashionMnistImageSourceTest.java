package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.data.Split;
import java.util.List;
import org.junit.jupiter.api.Test;

class FashionMnistImageSourceTest {

  @Test
  void encodesEachImageAsAPngWithItsLabel() throws Exception {
    LabelledImages sample = FashionMnist.loadSample().first(3);
    FashionMnistImageSource source = new FashionMnistImageSource(sample, Split.TEST, "sample");

    List<SourceEntry> entries = FolderImageSourceTest.drain(source);

    assertThat(source.size()).hasValue(3);
    assertThat(entries).hasSize(3).allMatch(SourceImage.class::isInstance);
    SourceImage first = (SourceImage) entries.get(0);
    assertThat(first.id()).isEqualTo("fmnist-test-00000");
    assertThat(first.contentType()).isEqualTo(ContentType.PNG);
    // the first test image is an ankle boot
    assertThat(first.attributes())
        .containsEntry("label", "9")
        .containsEntry("labelName", "Ankle boot");
    DecodedImage decoded = ImageEncoding.decode(first.data(), ImageSizeLimit.DEFAULT);
    assertThat(decoded.width()).isEqualTo(28);
    assertThat(decoded.pixels()).isEqualTo(sample.image(0));
    assertThat(((SourceImage) entries.get(2)).id()).isEqualTo("fmnist-test-00002");
    assertThat(((SourceImage) entries.get(2)).attributes())
        .containsEntry("label", Integer.toString(sample.label(2)));
  }

  @Test
  void idsNameTheSplitAndFiveDigitIndex() {
    assertThat(FashionMnistImageSource.id(Split.TRAIN, 59_999)).isEqualTo("fmnist-train-59999");
    assertThat(FashionMnistImageSource.id(Split.TEST, 42)).isEqualTo("fmnist-test-00042");
  }
}
