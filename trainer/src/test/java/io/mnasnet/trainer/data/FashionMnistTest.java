package io.mnasnet.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnasnet.trainer.io.Npy;
import io.mnasnet.trainer.io.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  private static NpyArray fixture(String name) throws IOException {
    String resource = "/fixtures/torchvision-mnasnet0_5-fmnist/" + name;
    try (InputStream in = FashionMnistTest.class.getResourceAsStream(resource)) {
      return Npy.read(in, name);
    }
  }

  @Test
  void theSampleIsTheFirstThousandTestImages() throws IOException {
    LabelledImages sample = FashionMnist.loadSample();

    assertThat(sample.size()).isEqualTo(FashionMnist.SAMPLE_SIZE).isEqualTo(1000);
    assertThat(sample.rows()).isEqualTo(28);
    assertThat(sample.cols()).isEqualTo(28);
    assertThat(Arrays.copyOf(sample.labels(), 10)).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
    assertThat(Arrays.stream(sample.labels()).allMatch(label -> label >= 0 && label <= 9)).isTrue();
    // every class is represented in 1,000 images
    assertThat(Arrays.stream(sample.labels()).distinct().count()).isEqualTo(10);
  }

  @Test
  void theSampleMatchesTheImagesPyTorchWasTestedOn() throws IOException {
    LabelledImages first16 = FashionMnist.loadSample().first(16);
    byte[] pixels = new byte[16 * 28 * 28];
    first16.pixels().get(pixels);

    assertThat(pixels).isEqualTo(fixture("images_uint8.npy").unsignedBytes());
    assertThat(Arrays.stream(first16.labels()).asLongStream().toArray())
        .isEqualTo(fixture("labels.npy").longs());
    assertThat(first16.pixel(0, 10, 15)).isEqualTo(53);
  }

  @Test
  void loadsTheInstalledDebianTestSplit() throws IOException {
    assumeTrue(
        FashionMnist.isAvailable(FashionMnist.DEFAULT_DIR, Split.TEST),
        "the official Fashion-MNIST test split is not installed in "
            + FashionMnist.DEFAULT_DIR
            + ": apt-get install dataset-fashion-mnist to run this check");
    LabelledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, Split.TEST);

    assertThat(test.size()).isEqualTo(10_000);
    LabelledImages sample = FashionMnist.loadSample();
    assertThat(test.image(999)).isEqualTo(sample.image(999));
    assertThat(test.label(999)).isEqualTo(sample.label(999));
    int[] perClass = new int[10];
    Arrays.stream(test.labels()).forEach(label -> perClass[label]++);
    assertThat(perClass).containsOnly(1000);
  }

  @Test
  void loadsPlainFilesFromAnyDirectory(@TempDir Path dir) throws IOException {
    byte[] pixels = new byte[2 * 28 * 28];
    pixels[28 * 28 + 5] = (byte) 255;
    Files.write(
        dir.resolve("train-images-idx3-ubyte"), IdxFileTest.idx(new int[] {2, 28, 28}, pixels));
    Files.write(
        dir.resolve("train-labels-idx1-ubyte"), IdxFileTest.idx(new int[] {2}, new byte[] {3, 8}));

    LabelledImages train = FashionMnist.load(dir, Split.TRAIN);
    assertThat(train.labels()).containsExactly(3, 8);
    assertThat(train.pixel(1, 0, 5)).isEqualTo(255);
    assertThat(FashionMnist.isAvailable(dir, Split.TEST)).isFalse();
  }

  @Test
  void aMissingSplitSaysHowToGetIt(@TempDir Path dir) {
    assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("t10k-images-idx3-ubyte")
        .hasMessageContaining("apt-get install dataset-fashion-mnist")
        .hasMessageContaining("--data-dir");
  }

  @Test
  void rejectsMismatchedFiles(@TempDir Path dir) throws IOException {
    Files.write(
        dir.resolve("t10k-images-idx3-ubyte"),
        IdxFileTest.idx(new int[] {1, 28, 28}, new byte[784]));
    Files.write(
        dir.resolve("t10k-labels-idx1-ubyte"), IdxFileTest.idx(new int[] {2}, new byte[] {1, 2}));
    assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte")
        .hasMessageContaining("expected 1 labels");

    Files.write(
        dir.resolve("t10k-labels-idx1-ubyte"), IdxFileTest.idx(new int[] {1}, new byte[] {10}));
    assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
        .hasMessageContaining("label 10 of item 0 is outside 0..9");

    Files.write(
        dir.resolve("t10k-images-idx3-ubyte"),
        IdxFileTest.idx(new int[] {1, 32, 32}, new byte[1024]));
    assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
        .hasMessageContaining("[n, 28, 28], got [1, 32, 32]");
  }

  @Test
  void namesTheClasses() {
    assertThat(FashionMnist.CLASS_NAMES).hasSize(FashionMnist.NUM_CLASSES);
    assertThat(FashionMnist.className(0)).isEqualTo("T-shirt/top");
    assertThat(FashionMnist.className(9)).isEqualTo("Ankle boot");
    assertThatThrownBy(() -> FashionMnist.className(10)).hasMessageContaining("0..9");
  }
}
