package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileImageSourceTest {
  @TempDir Path folder;

  @Test
  void namesEachImageByItsFileNameAndSkipsMissingOrBrokenFiles() throws Exception {
    Path boot = Files.write(folder.resolve("boot.jpg"), TestImages.jpeg(3, 3));
    Path missing = folder.resolve("missing.png");
    Path broken = Files.writeString(folder.resolve("broken.png"), "<html>404</html>");

    FileImageSource source = new FileImageSource(List.of(boot, missing, broken));
    List<SourceEntry> entries = FolderImageSourceTest.drain(source);

    assertThat(source.size()).hasValue(3);
    assertThat(entries.get(0)).isInstanceOf(SourceImage.class);
    assertThat(((SourceImage) entries.get(0)).id()).isEqualTo("boot.jpg");
    assertThat(entries.get(1)).isEqualTo(new SkippedInput(missing.toString(), "no such file"));
    assertThat(entries.get(2)).isInstanceOf(SkippedInput.class);
    assertThat(((SkippedInput) entries.get(2)).reason()).contains("not a PNG or JPEG");
  }

  @Test
  void concatenatedSourcesYieldInOrderAndAddTheirSizes() throws Exception {
    Path a = Files.write(folder.resolve("a.png"), TestImages.png(2, 2));
    Path b = Files.write(folder.resolve("b.png"), TestImages.png(2, 2));
    ImageSource both =
        ConcatenatedImageSource.of(
            List.of(
                new FileImageSource(List.of()),
                new FileImageSource(List.of(a)),
                new FileImageSource(List.of(b))));

    assertThat(both.size()).hasValue(2);
    assertThat(FolderImageSourceTest.drain(both))
        .extracting(SourceEntry::name)
        .containsExactly(a.toString(), b.toString());
  }
}
