package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.HostileImages;
import io.mnasnet.schemas.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DownscalingImageSourceTest {

  @Test
  void shrinksTheLongerSideToTheLimitKeepingTheAspectRatioAndFormat() throws IOException {
    SourceImage photo = image("photo.jpg", ContentType.JPEG, TestImages.jpeg(2000, 1500));
    SourceImage portrait = image("tall.png", ContentType.PNG, TestImages.png(300, 1000));

    List<SourceEntry> out = drain(new DownscalingImageSource(source(photo, portrait), 640));

    SourceImage shrunkPhoto = (SourceImage) out.get(0);
    assertThat(size(shrunkPhoto)).containsExactly(640, 480);
    assertThat(shrunkPhoto.contentType()).isEqualTo(ContentType.JPEG);
    assertThat(ImageFileCheckTypes.of(shrunkPhoto.data())).isEqualTo(ContentType.JPEG);
    assertThat(shrunkPhoto.id()).isEqualTo("photo.jpg");
    assertThat(shrunkPhoto.data().length).isLessThan(photo.data().length);
    SourceImage shrunkPortrait = (SourceImage) out.get(1);
    assertThat(size(shrunkPortrait)).containsExactly(192, 640);
    assertThat(ImageFileCheckTypes.of(shrunkPortrait.data())).isEqualTo(ContentType.PNG);
  }

  @Test
  void sendsImagesWithinTheLimitAsTheyAre() {
    SourceImage small = image("small.png", ContentType.PNG, TestImages.png(100, 80));

    List<SourceEntry> out = drain(new DownscalingImageSource(source(small), 640));

    assertThat(((SourceImage) out.get(0)).data()).isSameAs(small.data());
  }

  @Test
  void skipsAnImageItCannotDecodeNamingIt() {
    byte[] truncated = java.util.Arrays.copyOf(TestImages.jpeg(2000, 1500), 40);
    SourceImage broken = image("broken.jpg", ContentType.JPEG, truncated);

    List<SourceEntry> out = drain(new DownscalingImageSource(source(broken), 640));

    assertThat(out.get(0)).isInstanceOf(SkippedInput.class);
    assertThat(((SkippedInput) out.get(0)).name()).isEqualTo("broken.jpg");
  }

  @Test
  void skipsAHeaderClaimingGigapixelsWithoutDecodingIt() {
    SourceImage bomb =
        image("bomb.png", ContentType.PNG, HostileImages.pngClaiming(100_000, 100_000));

    List<SourceEntry> out = drain(new DownscalingImageSource(source(bomb), 640));

    assertThat(out.get(0)).isInstanceOf(SkippedInput.class);
    assertThat(((SkippedInput) out.get(0)).reason()).contains("100000x100000", "not decoded");
  }

  private static int[] size(SourceImage image) throws IOException {
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.data()));
    return new int[] {decoded.getWidth(), decoded.getHeight()};
  }

  private static SourceImage image(String name, String contentType, byte[] data) {
    return new SourceImage(name, name, contentType, data, "file", Map.of());
  }

  private static List<SourceEntry> drain(ImageSource source) {
    List<SourceEntry> entries = new java.util.ArrayList<>();
    source.forEachRemaining(entries::add);
    return entries;
  }

  private static ImageSource source(SourceEntry... entries) {
    Iterator<SourceEntry> it = List.of(entries).iterator();
    return new ImageSource() {
      @Override
      public String description() {
        return "test images";
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

  /** The content type the file check reads from the bytes. */
  private static final class ImageFileCheckTypes {
    static String of(byte[] bytes) {
      try {
        return ImageFileCheck.contentTypeOf(bytes);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}
