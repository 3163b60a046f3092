package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ContentType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class InvertingImageSourceTest {

  @Test
  void sendsTheNegativeUnderANewIdWithTheSameLabel() throws Exception {
    byte[] pixels = {0, 10, (byte) 200, (byte) 255};
    byte[] png = ImageEncoding.encodeGreyPng(pixels, 2, 2);
    SourceImage image =
        new SourceImage("img-1", "img-1", ContentType.PNG, png, "test", Map.of("label", "7"));
    ImageSource source = new InvertingImageSource(of(image));

    SourceImage inverted = (SourceImage) source.next();

    assertThat(inverted.id()).isEqualTo("img-1-inv");
    assertThat(inverted.attributes()).containsEntry("label", "7");
    DecodedImage decoded = ImageEncoding.decode(inverted.data(), ImageSizeLimit.DEFAULT);
    assertThat(decoded.pixels()).containsExactly((byte) 255, (byte) 245, (byte) 55, (byte) 0);
  }

  private static ImageSource of(SourceEntry... entries) {
    Iterator<SourceEntry> it = List.of(entries).iterator();
    return new ImageSource() {
      @Override
      public String description() {
        return "test";
      }

      @Override
      public OptionalInt size() {
        return OptionalInt.of(entries.length);
      }

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public SourceEntry next() {
        return it.next();
      }
    };
  }
}
