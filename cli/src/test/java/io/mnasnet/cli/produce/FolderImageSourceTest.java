package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.schemas.ContentType;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderImageSourceTest {
  @TempDir Path folder;

  @Test
  void readsImagesRecursivelyAndSkipsFilesThatAreNotImages() throws Exception {
    byte[] png = TestImages.png(6, 3);
    byte[] jpeg = TestImages.jpeg(4, 4);
    byte[] nested = TestImages.png(2, 2);
    Files.write(folder.resolve("a.png"), png);
    Files.write(folder.resolve("b.JPG"), jpeg);
    Files.writeString(folder.resolve("notes.png"), "not an image");
    Files.writeString(folder.resolve("README.txt"), "ignored: not an image extension");
    Files.createDirectories(folder.resolve("sub/deeper"));
    Files.write(folder.resolve("sub/deeper/c.jpeg"), nested);

    FolderImageSource source = FolderImageSource.of(folder);
    List<SourceEntry> entries = drain(source);

    assertThat(source.size()).hasValue(4);
    assertThat(source.ignoredFiles()).isEqualTo(1);
    assertThat(entries).hasSize(4);
    List<SourceImage> images =
        entries.stream()
            .filter(SourceImage.class::isInstance)
            .map(SourceImage.class::cast)
            .toList();
    assertThat(images)
        .extracting(SourceImage::id)
        .containsExactly("a.png", "b.JPG", "sub/deeper/c.jpeg");
    assertThat(images.get(0).data()).isEqualTo(png);
    assertThat(images.get(0).contentType()).isEqualTo(ContentType.PNG);
    assertThat(images.get(1).data()).isEqualTo(jpeg);
    assertThat(images.get(1).contentType()).isEqualTo(ContentType.JPEG);
    // the content type comes from the bytes: this .jpeg holds a PNG
    assertThat(images.get(2).contentType()).isEqualTo(ContentType.PNG);
    assertThat(images.get(2).name()).isEqualTo(folder.resolve("sub/deeper/c.jpeg").toString());

    List<SkippedInput> skipped =
        entries.stream()
            .filter(SkippedInput.class::isInstance)
            .map(SkippedInput.class::cast)
            .toList();
    assertThat(skipped).hasSize(1);
    assertThat(skipped.get(0).name()).isEqualTo(folder.resolve("notes.png").toString());
    assertThat(skipped.get(0).reason()).contains("not a PNG or JPEG");
    assertThat(source.description()).contains("4 image files").contains("1 other files ignored");
  }

  @Test
  void anEmptyFolderYieldsNothing() throws Exception {
    FolderImageSource source = FolderImageSource.of(folder);
    assertThat(source.hasNext()).isFalse();
    assertThat(source.size()).hasValue(0);
  }

  @Test
  void labelsEachImageWithItsClassFolderWhenAsked() throws Exception {
    Files.createDirectories(folder.resolve("cat"));
    Files.createDirectories(folder.resolve("dog/puppies"));
    Files.write(folder.resolve("cat/a.png"), TestImages.png(2, 2));
    Files.write(folder.resolve("dog/puppies/b.png"), TestImages.png(2, 2));
    Files.write(folder.resolve("loose.png"), TestImages.png(2, 2));

    List<SourceEntry> labelled = drain(FolderImageSource.of(folder, true));
    assertThat(labelled)
        .extracting(entry -> ((SourceImage) entry).attributes().get("label"))
        .containsExactly("cat", "puppies", null);
    assertThat(drain(FolderImageSource.of(folder)))
        .allSatisfy(entry -> assertThat(((SourceImage) entry).attributes()).isEmpty());
  }

  @Test
  void refusesAFile() throws Exception {
    Path file = Files.write(folder.resolve("a.png"), TestImages.png(1, 1));
    assertThatThrownBy(() -> FolderImageSource.of(file)).isInstanceOf(NotDirectoryException.class);
  }

  static List<SourceEntry> drain(ImageSource source) {
    List<SourceEntry> entries = new ArrayList<>();
    source.forEachRemaining(entries::add);
    return entries;
  }
}
