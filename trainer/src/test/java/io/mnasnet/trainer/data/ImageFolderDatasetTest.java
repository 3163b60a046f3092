package io.mnasnet.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.trainer.augment.LabelledImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

  @TempDir Path root;

  @Test
  void classesAreSortedFolderNamesAndImagesAreDecodedToUnitRange() throws IOException {
    writeImages(root.resolve("zebra"), 2, 200);
    writeImages(root.resolve("ant"), 3, 10);
    Files.writeString(root.resolve("ant").resolve("notes.txt"), "not an image");
    Files.createDirectories(root.resolve(".hidden"));

    ImageFolderDataset dataset = ImageFolderDataset.open(root);

    assertThat(dataset.classNames()).containsExactly("ant", "zebra");
    assertThat(dataset.size()).isEqualTo(5);
    assertThat(dataset.label(0)).isZero();
    assertThat(dataset.label(4)).isEqualTo(1);
    LabelledImage zebra = dataset.load(4);
    assertThat(zebra.label()).isEqualTo(1);
    assertThat(zebra.image().shape()).isEqualTo("12x10x3");
    assertThat(zebra.image().get(0, 0, 0)).isEqualTo(200 / 255f);
  }

  @Test
  void holdOutSplitsDisjointlyAndReproducibly() throws IOException {
    writeImages(root.resolve("a"), 10, 0);
    writeImages(root.resolve("b"), 10, 255);
    ImageFolderDataset dataset = ImageFolderDataset.open(root);

    ImageFolderDataset[] split = dataset.holdOut(0.25, 7);

    assertThat(split[1].size()).isEqualTo(5);
    assertThat(split[0].size()).isEqualTo(15);
    Set<Path> seen = new HashSet<>();
    for (ImageFolderDataset part : split) {
      assertThat(part.classNames()).containsExactly("a", "b");
      for (int i = 0; i < part.size(); i++) {
        assertThat(seen.add(part.file(i))).isTrue();
      }
    }
    assertThat(dataset.holdOut(0.25, 7)[1].file(0)).isEqualTo(split[1].file(0));
  }

  @Test
  void aValidationSplitUsesTheTrainingClassesAndRejectsUnknownOnes() throws IOException {
    writeImages(root.resolve("train").resolve("cat"), 2, 0);
    writeImages(root.resolve("train").resolve("dog"), 2, 0);
    writeImages(root.resolve("val").resolve("dog"), 1, 0);
    assertThat(ImageFolderDataset.hasTrainAndValidationFolders(root)).isTrue();
    ImageFolderDataset train = ImageFolderDataset.open(root.resolve("train"));

    ImageFolderDataset val = ImageFolderDataset.openSplit(root, "val", train.classNames());

    assertThat(val.size()).isEqualTo(1);
    assertThat(val.label(0)).isEqualTo(1); // "dog" keeps the training label
    writeImages(root.resolve("val").resolve("bird"), 1, 0);
    assertThatThrownBy(() -> ImageFolderDataset.openSplit(root, "val", train.classNames()))
        .hasMessageContaining("bird");
  }

  @Test
  void relabellingGivesTheModelsLabelsAndTheirIndices() throws IOException {
    writeImages(root.resolve("T-shirt_top"), 1, 0); // folder 0 -> label 0
    writeImages(root.resolve("Trouser"), 2, 100); // folder 1 -> label 1
    writeImages(root.resolve("9"), 1, 200); // folder 2 -> label 9, "Ankle boot"
    ImageFolderDataset folders = ImageFolderDataset.open(root);
    ClassFolderMatch match =
        ClassFolderMatch.matchAll(folders.classNames(), FashionMnist.CLASS_NAMES);

    ImageFolderDataset relabelled = folders.relabel(match).holdOut(0.25, 1)[0];
    ImageFolderDataset all = folders.relabel(match);

    assertThat(all.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
    assertThat(folders.classNames()).containsExactly("9", "T-shirt_top", "Trouser");
    for (int i = 0; i < all.size(); i++) {
      String folder = all.file(i).getParent().getFileName().toString();
      int expected =
          switch (folder) {
            case "T-shirt_top" -> 0;
            case "Trouser" -> 1;
            default -> 9;
          };
      assertThat(all.label(i)).as(folder).isEqualTo(expected);
      assertThat(all.load(i).label()).isEqualTo(expected);
    }
    assertThat(relabelled.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
  }

  @Test
  void missingOrEmptyFoldersAreErrorsThatSayWhatIsExpected() throws IOException {
    assertThatThrownBy(() -> ImageFolderDataset.open(root.resolve("nope")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> ImageFolderDataset.open(root))
        .hasMessageContaining("one sub-folder per class");
    Files.createDirectories(root.resolve("empty"));
    assertThatThrownBy(() -> ImageFolderDataset.open(root)).hasMessageContaining(".png");
  }

  @Test
  void anUndecodableFileNamesTheFile() throws IOException {
    Path dir = Files.createDirectories(root.resolve("x"));
    Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3});
    ImageFolderDataset dataset = ImageFolderDataset.open(root);
    assertThatThrownBy(() -> dataset.load(0)).hasMessageContaining("broken.png");
  }

  /** {@code count} 10x12 RGB PNGs of one grey value. */
  static List<Path> writeImages(Path dir, int count, int value) throws IOException {
    Files.createDirectories(dir);
    byte[] pixels = new byte[10 * 12 * 3];
    java.util.Arrays.fill(pixels, (byte) value);
    List<Path> files = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path file = dir.resolve("img" + i + ".png");
      Files.write(file, ImageEncoding.encodePng(DecodedImage.rgb(10, 12, pixels)));
      files.add(file);
    }
    return files;
  }
}
